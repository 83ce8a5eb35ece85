using System.Net;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.OrganizationApi.Members;

/// <summary><c>DELETE /api/organizations/:id/members/:userId</c>: managers remove, members leave, the last owner stays.</summary>
[Collection(MembersCollection.Name)]
public sealed class RemoveMemberTests(MembersFixture fixture)
{
    private readonly MembersApi _api = new(fixture);

    [Theory]
    [InlineData(Who.Anonymous, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized)]
    [InlineData(Who.Customer, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.OwnerOfAnother, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.Member, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.Creator, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.Admin, HttpStatusCode.NoContent, null)]
    [InlineData(Who.Owner, HttpStatusCode.NoContent, null)]
    [InlineData(Who.PlatformAdmin, HttpStatusCode.NoContent, null)]
    public async Task Delete_Member_ByCaller_AnswersByTheirRole(Who who, HttpStatusCode status, string? code)
    {
        var (org, _, _) = await _api.OrganizationAsync();
        var (member, _) = await _api.MemberAsync(org, MemberRole.Creator);
        var cookie = await _api.Data.CookieAsync(org, who);

        var response = await _api.RemoveAsync(org, member.Id, cookie);

        Assert.Equal(status, response.StatusCode);
        if (code is not null) Assert.Equal(code, (await response.ErrorAsync()).Code);
        else Assert.Equal(0, response.Content.Headers.ContentLength ?? 0);
        Assert.Equal(status != HttpStatusCode.NoContent, await _api.MembershipAsync(org, member.Id) is not null);
    }

    [Theory]
    [InlineData(MemberRole.Member)]
    [InlineData(MemberRole.Creator)]
    [InlineData(MemberRole.Admin)]
    public async Task Delete_Themself_AnyMemberLeaves_With204_AndLosesMembersOnlyAccess(MemberRole role)
    {
        var (org, owner, _) = await _api.OrganizationAsync();
        var item = await _api.Data.ContentAsync(org, owner, "Members essay", access: AccessType.Members);
        var (member, cookie) = await _api.MemberAsync(org, role);
        var before = await _api.SendAsync(HttpMethod.Get, $"/api/content/{item.Id}", cookie, worker: Role.ContentApi);
        Assert.NotNull((await before.ReadAsync<DataEnvelope<Codex.Contracts.Content.ContentDto>>()).Data.ContentBody);

        var response = await _api.RemoveAsync(org, member.Id, cookie);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(await _api.MembershipAsync(org, member.Id));
        var after = await _api.SendAsync(HttpMethod.Get, $"/api/content/{item.Id}", cookie, worker: Role.ContentApi);
        Assert.Null((await after.ReadAsync<DataEnvelope<Codex.Contracts.Content.ContentDto>>()).Data.ContentBody);
    }

    [Fact]
    public async Task Delete_AnOwner_ByAnAdmin_Returns403()
    {
        var (org, owner, _) = await _api.OrganizationAsync();
        await _api.MemberAsync(org, MemberRole.Owner, "Second Owner");
        var admin = await _api.Data.CookieAsync(org, Who.Admin);

        var response = await _api.RemoveAsync(org, owner.Id, admin);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(ErrorCodes.Forbidden, (await response.ErrorAsync()).Code);
        Assert.NotNull(await _api.MembershipAsync(org, owner.Id));
    }

    [Fact]
    public async Task Delete_TheLastOwner_Returns409_WhetherRemovedOrLeaving()
    {
        var (org, owner, ownerCookie) = await _api.OrganizationAsync();
        var platformAdmin = await _api.Data.CookieAsync(org, Who.PlatformAdmin);

        var leaving = await _api.RemoveAsync(org, owner.Id, ownerCookie);
        var removed = await _api.RemoveAsync(org, owner.Id, platformAdmin);
        var leavingByJoinRoute = await _api.LeaveAsync(org, ownerCookie);

        foreach (var response in new[] { leaving, removed, leavingByJoinRoute })
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal(ErrorCodes.Conflict, (await response.ErrorAsync()).Code);
        }
        Assert.Equal(1, await _api.OwnersAsync(org));
    }

    [Fact]
    public async Task Delete_AnOwner_ByAnotherOwner_Removes()
    {
        var (org, owner, _) = await _api.OrganizationAsync();
        var (_, secondCookie) = await _api.MemberAsync(org, MemberRole.Owner, "Second Owner");

        Assert.Equal(HttpStatusCode.NoContent, (await _api.RemoveAsync(org, owner.Id, secondCookie)).StatusCode);
        Assert.Equal(1, await _api.OwnersAsync(org));
    }

    [Fact]
    public async Task Delete_TwoOwnersLeavingAtOnce_LeavesExactlyOneOwner()
    {
        for (var round = 0; round < 5; round++)
        {
            var (org, first, firstCookie) = await _api.OrganizationAsync();
            var (second, secondCookie) = await _api.MemberAsync(org, MemberRole.Owner, "Second Owner");

            var responses = await Task.WhenAll(_api.RemoveAsync(org, first.Id, firstCookie), _api.LeaveAsync(org, secondCookie));

            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.NoContent);
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Conflict);
            Assert.Equal(1, await _api.OwnersAsync(org));
        }
    }

    [Fact]
    public async Task Delete_SomeoneNotAMember_ByAManager_Returns404_ButLeavingTwiceIs204()
    {
        var (org, _, ownerCookie) = await _api.OrganizationAsync();
        var stranger = await _api.Data.UserAsync();
        var (member, memberCookie) = await _api.MemberAsync(org, MemberRole.Member);

        var removed = await _api.RemoveAsync(org, stranger.Id, ownerCookie);
        var leftOnce = await _api.RemoveAsync(org, member.Id, memberCookie);
        var leftTwice = await _api.RemoveAsync(org, member.Id, memberCookie);

        Assert.Equal(HttpStatusCode.NotFound, removed.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, (await removed.ErrorAsync()).Code);
        Assert.Equal(HttpStatusCode.NoContent, leftOnce.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, leftTwice.StatusCode);
    }

    [Fact]
    public async Task Leaving_ADeletedOrganization_Returns404_LikeEveryOtherRoute()
    {
        var (org, _, _) = await _api.OrganizationAsync();
        var (member, memberCookie) = await _api.MemberAsync(org, MemberRole.Member);
        await using (var db = fixture.Db())
            await db.Organizations.Where(o => o.Id == org.Id).ExecuteUpdateAsync(u => u.SetProperty(o => o.DeletedAt, DateTimeOffset.UtcNow));

        var byRoute = await _api.RemoveAsync(org, member.Id, memberCookie);
        var byJoin = await _api.LeaveAsync(org, memberCookie);

        Assert.Equal(HttpStatusCode.NotFound, byRoute.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, (await byRoute.ErrorAsync()).Code);
        Assert.Equal(HttpStatusCode.NotFound, byJoin.StatusCode);
    }

    [Fact]
    public async Task Delete_Member_OfAnUnknownOrganization_Returns404_AndNotAUuid400()
    {
        var (user, cookie) = await _api.PersonAsync(role: UserRole.Admin);

        var unknown = await _api.SendAsync(HttpMethod.Delete, $"/api/organizations/{Guid.NewGuid()}/members/{user.Id}", cookie);
        var badId = await _api.SendAsync(HttpMethod.Delete, $"/api/organizations/{Guid.NewGuid()}/members/not-a-uuid", cookie);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(["userId"], await badId.FieldErrorsAsync());
    }
}
