using System.Net;
using Codex.Contracts;
using Codex.Contracts.Content;
using Codex.Contracts.Organizations;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Workers.OrganizationApi.Members;

/// <summary><c>POST/DELETE /api/organizations/:id/join</c>: joining as a free member where signups are on, and leaving.</summary>
[Collection(MembersCollection.Name)]
public sealed class JoinTests(MembersFixture fixture)
{
    private readonly MembersApi _api = new(fixture);

    [Theory]
    [InlineData(true)]
    [InlineData(null)] // no settings row: the defaults, signups on
    public async Task Post_Join_WithSignupsOn_Returns201WithAMemberMembership(bool? signups)
    {
        var (org, _, _) = await _api.OrganizationAsync(signups);
        var (visitor, cookie) = await _api.PersonAsync();

        var response = await _api.JoinAsync(org, cookie);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var membership = (await response.ReadAsync<DataEnvelope<MembershipDto>>()).Data;
        Assert.Equal((org.Id, MemberRole.Member), (membership.Organization.Id, membership.Role));
        Assert.Equal(MembershipStatus.Active, (await _api.MembershipAsync(org, visitor.Id))!.Status);
    }

    [Fact]
    public async Task Post_Join_WithSignupsOff_Returns403_AndNothingChanges()
    {
        var (org, _, _) = await _api.OrganizationAsync(signups: false);
        var (visitor, cookie) = await _api.PersonAsync();

        var response = await _api.JoinAsync(org, cookie);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(ErrorCodes.Forbidden, (await response.ErrorAsync()).Code);
        Assert.Null(await _api.MembershipAsync(org, visitor.Id));
    }

    [Theory]
    [InlineData(Who.Member, MemberRole.Member)]
    [InlineData(Who.Creator, MemberRole.Creator)]
    [InlineData(Who.Admin, MemberRole.Admin)]
    [InlineData(Who.Owner, MemberRole.Owner)]
    public async Task Post_Join_BySomeoneAlreadyInIt_Is200WithTheirRole_EvenWithSignupsOff(Who who, MemberRole role)
    {
        var (org, _, _) = await _api.OrganizationAsync(signups: false);
        var cookie = await _api.Data.CookieAsync(org, who);

        var response = await _api.JoinAsync(org, cookie);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(role, (await response.ReadAsync<DataEnvelope<MembershipDto>>()).Data.Role);
    }

    [Theory]
    [InlineData(Who.Anonymous, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized)]
    [InlineData(Who.Customer, HttpStatusCode.Created, null)]
    [InlineData(Who.OwnerOfAnother, HttpStatusCode.Created, null)]
    [InlineData(Who.PlatformAdmin, HttpStatusCode.Created, null)]
    public async Task Post_Join_ByCaller(Who who, HttpStatusCode status, string? code)
    {
        var (org, _, _) = await _api.OrganizationAsync(signups: true);
        var cookie = await _api.Data.CookieAsync(org, who);

        var response = await _api.JoinAsync(org, cookie);

        Assert.Equal(status, response.StatusCode);
        if (code is not null) Assert.Equal(code, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Post_Join_Twice_AndConcurrently_MakesOneMembership()
    {
        var (org, _, _) = await _api.OrganizationAsync();
        var (visitor, cookie) = await _api.PersonAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _api.JoinAsync(org, cookie)));
        var again = await _api.JoinAsync(org, cookie);

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await using var db = fixture.Db();
        Assert.Equal(1, db.Memberships.Count(m => m.OrganizationId == org.Id && m.UserId == visitor.Id));
    }

    [Fact]
    public async Task Post_Join_WhileSuspended_Returns403()
    {
        var (org, _, _) = await _api.OrganizationAsync();
        var (visitor, cookie) = await _api.PersonAsync();
        await using (var db = fixture.Db())
        {
            db.Memberships.Add(new Data.Membership
            {
                Id = Guid.NewGuid(), OrganizationId = org.Id, UserId = visitor.Id, Role = MemberRole.Member,
                Status = MembershipStatus.Suspended, CreatedAt = fixture.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }

        var response = await _api.JoinAsync(org, cookie);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Post_Join_UnknownOrganization_Is404_AndNotAUuid_Is400()
    {
        var (_, cookie) = await _api.PersonAsync();

        var unknown = await _api.SendAsync(HttpMethod.Post, $"/api/organizations/{Guid.NewGuid()}/join", cookie);
        var badId = await _api.SendAsync(HttpMethod.Post, "/api/organizations/nope/join", cookie);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, (await unknown.ErrorAsync()).Code);
        Assert.Equal(["id"], await badId.FieldErrorsAsync());
    }

    [Fact]
    public async Task Post_Join_UnlocksAMembersOnlyItemsStreamingUrl_AndLeavingLocksItAgain()
    {
        var (org, owner, _) = await _api.OrganizationAsync(signups: true);
        var (item, _) = await _api.Data.VideoAsync(org, owner, AccessType.Members, "Members video");
        var (_, cookie) = await _api.PersonAsync();
        var stream = $"/api/access/content/{item.Id}/stream";

        var before = await _api.SendAsync(HttpMethod.Get, stream, cookie, worker: Role.ContentApi);
        Assert.Equal(HttpStatusCode.Created, (await _api.JoinAsync(org, cookie)).StatusCode);
        var joined = await _api.SendAsync(HttpMethod.Get, stream, cookie, worker: Role.ContentApi);
        Assert.Equal(HttpStatusCode.NoContent, (await _api.LeaveAsync(org, cookie)).StatusCode);
        var left = await _api.SendAsync(HttpMethod.Get, stream, cookie, worker: Role.ContentApi);

        Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
        Assert.Equal(ErrorCodes.AccessDenied, (await before.ErrorAsync()).Code);
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        Assert.Contains("/media/", (await joined.ReadAsync<DataEnvelope<StreamingUrlDto>>()).Data.StreamingUrl);
        Assert.Equal(HttpStatusCode.Forbidden, left.StatusCode);
    }

    [Theory]
    [InlineData(Who.Anonymous, HttpStatusCode.Unauthorized)]
    [InlineData(Who.Customer, HttpStatusCode.NoContent)]
    [InlineData(Who.Member, HttpStatusCode.NoContent)]
    [InlineData(Who.Creator, HttpStatusCode.NoContent)]
    [InlineData(Who.Admin, HttpStatusCode.NoContent)]
    [InlineData(Who.Owner, HttpStatusCode.NoContent)] // the organization has another owner
    [InlineData(Who.PlatformAdmin, HttpStatusCode.NoContent)]
    public async Task Delete_Join_Leaves(Who who, HttpStatusCode status)
    {
        var (org, _, _) = await _api.OrganizationAsync();
        var cookie = await _api.Data.CookieAsync(org, who);

        var response = await _api.LeaveAsync(org, cookie);

        Assert.Equal(status, response.StatusCode);
        await using var db = fixture.Db();
        Assert.Equal(1, db.Memberships.Count(m => m.OrganizationId == org.Id)); // the first owner only
    }

    [Fact]
    public async Task Delete_Join_UnknownOrganization_Is404()
    {
        var (_, cookie) = await _api.PersonAsync();

        var response = await _api.LeaveAsync(new Data.Organization { Id = Guid.NewGuid(), Slug = "x", Name = "x" }, cookie);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
