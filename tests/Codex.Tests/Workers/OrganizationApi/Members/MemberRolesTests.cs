using System.Net;
using Codex.Contracts;
using Codex.Contracts.Organizations;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Workers.OrganizationApi.Members;

/// <summary><c>PATCH /api/organizations/:id/members/:userId</c>: who may change roles, owners' roles, the last owner.</summary>
[Collection(MembersCollection.Name)]
public sealed class MemberRolesTests(MembersFixture fixture)
{
    private readonly MembersApi _api = new(fixture);

    [Theory]
    [InlineData(Who.Anonymous, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized)]
    [InlineData(Who.Customer, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.OwnerOfAnother, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.Member, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.Creator, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.Admin, HttpStatusCode.OK, null)]
    [InlineData(Who.Owner, HttpStatusCode.OK, null)]
    [InlineData(Who.PlatformAdmin, HttpStatusCode.OK, null)]
    public async Task Patch_Member_ByCaller_AnswersByTheirRole(Who who, HttpStatusCode status, string? code)
    {
        var (org, _, _) = await _api.OrganizationAsync();
        var (member, _) = await _api.MemberAsync(org, MemberRole.Member, "Moved Member");
        var cookie = await _api.Data.CookieAsync(org, who);

        var response = await _api.PatchRoleAsync(org, member.Id, "creator", cookie);

        Assert.Equal(status, response.StatusCode);
        if (code is not null) Assert.Equal(code, (await response.ErrorAsync()).Code);
        var expected = status == HttpStatusCode.OK ? MemberRole.Creator : MemberRole.Member;
        Assert.Equal(expected, (await _api.MembershipAsync(org, member.Id))!.Role);
        if (status == HttpStatusCode.OK)
        {
            var dto = (await response.ReadAsync<DataEnvelope<MemberDto>>()).Data;
            Assert.Equal((member.Id, "Moved Member", MemberRole.Creator, MembershipStatus.Active), (dto.UserId, dto.Name, dto.Role, dto.Status));
        }
    }

    [Theory]
    [InlineData(Who.Owner, HttpStatusCode.OK)]
    [InlineData(Who.PlatformAdmin, HttpStatusCode.OK)]
    [InlineData(Who.Admin, HttpStatusCode.Forbidden)]
    public async Task Patch_Member_ToOwner_OnlyByAnOwner(Who who, HttpStatusCode status)
    {
        var (org, _, _) = await _api.OrganizationAsync();
        var (member, _) = await _api.MemberAsync(org, MemberRole.Creator);
        var cookie = await _api.Data.CookieAsync(org, who);

        var response = await _api.PatchRoleAsync(org, member.Id, "owner", cookie);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(status == HttpStatusCode.OK ? MemberRole.Owner : MemberRole.Creator, (await _api.MembershipAsync(org, member.Id))!.Role);
    }

    [Fact]
    public async Task Patch_AnOwner_ByAnAdmin_Returns403_AndTheOwnerStays()
    {
        var (org, owner, _) = await _api.OrganizationAsync();
        await _api.MemberAsync(org, MemberRole.Owner, "Second Owner");
        var admin = await _api.Data.CookieAsync(org, Who.Admin);

        var response = await _api.PatchRoleAsync(org, owner.Id, "member", admin);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(ErrorCodes.Forbidden, (await response.ErrorAsync()).Code);
        Assert.Equal(MemberRole.Owner, (await _api.MembershipAsync(org, owner.Id))!.Role);
    }

    [Fact]
    public async Task Patch_TheLastOwner_Demoted_Returns409Conflict_ByThemselfOrAPlatformAdmin()
    {
        var (org, owner, ownerCookie) = await _api.OrganizationAsync();
        var platformAdmin = await _api.Data.CookieAsync(org, Who.PlatformAdmin);

        var self = await _api.PatchRoleAsync(org, owner.Id, "admin", ownerCookie);
        var byAdmin = await _api.PatchRoleAsync(org, owner.Id, "member", platformAdmin);

        foreach (var response in new[] { self, byAdmin })
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal(ErrorCodes.Conflict, (await response.ErrorAsync()).Code);
        }
        Assert.Equal(1, await _api.OwnersAsync(org));
    }

    [Fact]
    public async Task Patch_AnOwner_WhileAnotherOwnerRemains_Demotes()
    {
        var (org, owner, ownerCookie) = await _api.OrganizationAsync();
        await _api.MemberAsync(org, MemberRole.Owner, "Second Owner");

        var response = await _api.PatchRoleAsync(org, owner.Id, "admin", ownerCookie);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(MemberRole.Admin, (await _api.MembershipAsync(org, owner.Id))!.Role);
    }

    [Fact]
    public async Task Patch_TwoOwnersDemotingEachOtherAtOnce_LeavesExactlyOneOwner()
    {
        for (var round = 0; round < 5; round++)
        {
            var (org, first, firstCookie) = await _api.OrganizationAsync();
            var (second, secondCookie) = await _api.MemberAsync(org, MemberRole.Owner, "Second Owner");

            var responses = await Task.WhenAll(
                _api.PatchRoleAsync(org, second.Id, "member", firstCookie),
                _api.PatchRoleAsync(org, first.Id, "member", secondCookie));

            // The loser is refused either because no other owner would remain (409), or, when the winner committed
            // before its request got that far, because it is no longer an owner at all (403).
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            Assert.Single(responses, r => r.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Forbidden);
            Assert.Equal(1, await _api.OwnersAsync(org));
        }
    }

    [Fact]
    public async Task Patch_TheSameRole_IsANoOp200()
    {
        var (org, _, ownerCookie) = await _api.OrganizationAsync();
        var (member, _) = await _api.MemberAsync(org, MemberRole.Creator);

        var response = await _api.PatchRoleAsync(org, member.Id, "creator", ownerCookie);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(MemberRole.Creator, (await response.ReadAsync<DataEnvelope<MemberDto>>()).Data.Role);
    }

    [Fact]
    public async Task Patch_SomeoneNotAMember_Returns404()
    {
        var (org, _, ownerCookie) = await _api.OrganizationAsync();
        var stranger = await _api.Data.UserAsync();

        var response = await _api.PatchRoleAsync(org, stranger.Id, "member", ownerCookie);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Patch_AnUnknownOrganization_Returns404()
    {
        var (_, cookie) = await _api.PersonAsync(role: UserRole.Admin);

        var response = await _api.SendAsync(HttpMethod.Patch, $"/api/organizations/{Guid.NewGuid()}/members/{Guid.NewGuid()}", cookie, new { role = "member" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("boss", "role")]
    [InlineData(null, "role")]
    public async Task Patch_WithABadRole_Returns400WithThatFieldError(string? role, string field)
    {
        var (org, _, ownerCookie) = await _api.OrganizationAsync();
        var (member, _) = await _api.MemberAsync(org, MemberRole.Member);

        var response = await _api.SendAsync(HttpMethod.Patch, $"/api/organizations/{org.Id}/members/{member.Id}", ownerCookie, new { role });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Patch_WithAUserIdThatIsNotAUuid_Returns400WithUserIdFieldError()
    {
        var (org, _, ownerCookie) = await _api.OrganizationAsync();

        var response = await _api.SendAsync(HttpMethod.Patch, $"/api/organizations/{org.Id}/members/nobody", ownerCookie, new { role = "member" });

        Assert.Equal(["userId"], await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Patch_BodyNotJson_Returns400InvalidJson()
    {
        var (org, _, ownerCookie) = await _api.OrganizationAsync();
        var (member, _) = await _api.MemberAsync(org, MemberRole.Member);
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/organizations/{org.Id}/members/{member.Id}")
        {
            Content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Cookie", ownerCookie);

        var response = await fixture.Client(Role.OrganizationApi).SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ErrorCodes.InvalidJson, (await response.ErrorAsync()).Code);
    }
}
