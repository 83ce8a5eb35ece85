using System.Net;
using Codex.Contracts;
using Codex.Contracts.Organizations;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.OrganizationApi;

[Collection(OrganizationsCollection.Name)]
public sealed class MembersTests(OrganizationsFixture fixture)
{
    private readonly OrganizationsApi _api = new(fixture);

    private Task<HttpResponseMessage> AddAsync(Guid id, object body, string? cookie) =>
        _api.SendAsync(HttpMethod.Post, $"/api/organizations/{id}/members", cookie, body);

    private async Task<List<MemberDto>> MembersAsync(Guid id, string cookie) => [.. (await PageAsync(id, cookie)).Items];

    private async Task<PagedList<MemberDto>> PageAsync(Guid id, string cookie, string query = "")
    {
        var response = await _api.GetAsync($"/api/organizations/{id}/members{query}", cookie);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync<PagedList<MemberDto>>();
    }

    [Theory]
    [InlineData(Caller.Anonymous, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized)]
    [InlineData(Caller.OtherUser, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Caller.Member, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Caller.Creator, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Caller.Admin, HttpStatusCode.OK, null)]
    [InlineData(Caller.Owner, HttpStatusCode.OK, null)]
    [InlineData(Caller.PlatformAdmin, HttpStatusCode.OK, null)]
    public async Task Get_Members_ByCaller_AnswersByTheirRole(Caller caller, HttpStatusCode status, string? code)
    {
        var org = await _api.OrganizationAsync();
        var cookie = await _api.CookieAsync(org, caller);

        var response = await _api.GetAsync($"/api/organizations/{org.Id}/members", cookie);

        Assert.Equal(status, response.StatusCode);
        if (code is not null) Assert.Equal(code, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Get_Members_ListsEveryMemberWithRoleAndStatus_ByName()
    {
        var org = await _api.OrganizationAsync();
        var (owner, cookie) = await _api.SignedInAsync(name: "Carol Owner");
        await _api.Data.MembershipAsync(org, owner, MemberRole.Owner);
        var creator = await _api.Data.UserAsync("alice creator");
        await _api.Data.MembershipAsync(org, creator, MemberRole.Creator);
        var suspended = await _api.Data.UserAsync("Bob Suspended");
        await _api.MembershipAsync(org, suspended, MemberRole.Member, MembershipStatus.Suspended);
        var elsewhere = await _api.Data.UserAsync("Dave Elsewhere");
        await _api.Data.MembershipAsync(await _api.OrganizationAsync(), elsewhere, MemberRole.Owner);

        var members = await MembersAsync(org.Id, cookie);

        Assert.Equal([creator.Id, suspended.Id, owner.Id], members.Select(m => m.UserId));
        Assert.Equal([MemberRole.Creator, MemberRole.Member, MemberRole.Owner], members.Select(m => m.Role));
        Assert.Equal([MembershipStatus.Active, MembershipStatus.Suspended, MembershipStatus.Active], members.Select(m => m.Status));
        Assert.Equal(creator.Email, members[0].Email);
        Assert.Equal("alice creator", members[0].Name);
    }

    [Fact]
    public async Task Get_Members_PagesByName_WithTheContractsPagination_AndSearchesNameOrEmail()
    {
        var org = await _api.OrganizationAsync();
        var (owner, cookie) = await _api.SignedInAsync(name: "Zed Owner");
        await _api.Data.MembershipAsync(org, owner, MemberRole.Owner);
        var people = new List<Data.User>();
        for (var i = 0; i < 5; i++)
        {
            var person = await _api.Data.UserAsync($"Person {i}");
            await _api.Data.MembershipAsync(org, person, MemberRole.Member);
            people.Add(person);
        }

        var first = await PageAsync(org.Id, cookie, "?limit=2");
        var third = await PageAsync(org.Id, cookie, "?limit=2&page=3");
        var beyond = await PageAsync(org.Id, cookie, "?limit=2&page=9");
        var byName = await PageAsync(org.Id, cookie, "?search=zed%20OW");
        var byEmail = await PageAsync(org.Id, cookie, "?search=" + Uri.EscapeDataString(people[3].Email.ToUpperInvariant()));

        Assert.Equal(new Pagination(1, 2, 6, 3), first.Pagination);
        Assert.Equal([people[0].Id, people[1].Id], first.Items.Select(m => m.UserId));
        Assert.Equal([owner.Id], third.Items.Select(m => m.UserId).Skip(1));
        Assert.Empty(beyond.Items);
        Assert.Equal([owner.Id], byName.Items.Select(m => m.UserId));
        Assert.Equal(1, byName.Pagination.Total);
        Assert.Equal([people[3].Id], byEmail.Items.Select(m => m.UserId));
        Assert.Equal(20, (await PageAsync(org.Id, cookie)).Pagination.Limit);
    }

    [Theory]
    [InlineData("?page=0", "page")]
    [InlineData("?page=1001", "page")]
    [InlineData("?page=x", "page")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=101", "limit")]
    [InlineData("?search=a", "search")]
    public async Task Get_Members_OutOfRange_Returns400WithThatFieldError(string query, string field)
    {
        var org = await _api.OrganizationAsync();
        var cookie = await _api.CookieAsync(org, Caller.Owner);

        var response = await _api.GetAsync($"/api/organizations/{org.Id}/members{query}", cookie);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await response.FieldErrorsAsync());
    }

    [Theory]
    [InlineData(Caller.Anonymous, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized)]
    [InlineData(Caller.OtherUser, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Caller.Member, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Caller.Creator, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Caller.Admin, HttpStatusCode.OK, null)]
    [InlineData(Caller.Owner, HttpStatusCode.OK, null)]
    [InlineData(Caller.PlatformAdmin, HttpStatusCode.OK, null)]
    public async Task Get_Member_ByCaller_AnswersByTheirRole(Caller caller, HttpStatusCode status, string? code)
    {
        var org = await _api.OrganizationAsync();
        var creator = await _api.Data.UserAsync("Someone Else");
        await _api.Data.MembershipAsync(org, creator, MemberRole.Creator);
        var cookie = await _api.CookieAsync(org, caller);

        var response = await _api.GetAsync($"/api/organizations/{org.Id}/members/{creator.Id}", cookie);

        Assert.Equal(status, response.StatusCode);
        if (code is not null)
        {
            Assert.Equal(code, (await response.ErrorAsync()).Code);
            return;
        }
        var member = (await response.ReadAsync<DataEnvelope<MemberDto>>()).Data;
        Assert.Equal((creator.Id, "Someone Else", creator.Email, MemberRole.Creator), (member.UserId, member.Name, member.Email, member.Role));
    }

    [Fact]
    public async Task Get_Member_Themself_IsAllowedToAnyMember_ButNotAStrangerAboutThemself()
    {
        var org = await _api.OrganizationAsync();
        var (member, cookie) = await _api.SignedInAsync(name: "Mia Member");
        await _api.MembershipAsync(org, member, MemberRole.Member, MembershipStatus.Suspended);
        var (stranger, strangerCookie) = await _api.SignedInAsync();

        var self = await _api.GetAsync($"/api/organizations/{org.Id}/members/{member.Id}", cookie);
        var notOne = await _api.GetAsync($"/api/organizations/{org.Id}/members/{stranger.Id}", strangerCookie);
        var unknownOrg = await _api.GetAsync($"/api/organizations/{Guid.NewGuid()}/members/{member.Id}", cookie);
        var badId = await _api.GetAsync($"/api/organizations/{org.Id}/members/nobody", cookie);

        Assert.Equal(HttpStatusCode.OK, self.StatusCode);
        Assert.Equal(MembershipStatus.Suspended, (await self.ReadAsync<DataEnvelope<MemberDto>>()).Data.Status);
        Assert.Equal(HttpStatusCode.NotFound, notOne.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownOrg.StatusCode);
        Assert.Equal(["userId"], await badId.FieldErrorsAsync());
    }

    [Fact]
    public async Task Get_Member_NotAMember_ByAManager_Returns404_AndADeletedOrganizationIs404()
    {
        var org = await _api.OrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);
        var (stranger, strangerCookie) = await _api.SignedInAsync();
        var (member, memberCookie) = await _api.SignedInAsync();
        await _api.Data.MembershipAsync(org, member, MemberRole.Member);

        var notOne = await _api.GetAsync($"/api/organizations/{org.Id}/members/{stranger.Id}", owner);
        await using (var db = fixture.Db())
            await db.Organizations.Where(o => o.Id == org.Id).ExecuteUpdateAsync(u => u.SetProperty(o => o.DeletedAt, DateTimeOffset.UtcNow));
        var deleted = await _api.GetAsync($"/api/organizations/{org.Id}/members/{member.Id}", memberCookie);

        Assert.Equal(HttpStatusCode.NotFound, notOne.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, (await notOne.ErrorAsync()).Code);
        Assert.Equal(HttpStatusCode.NotFound, deleted.StatusCode);
    }

    [Fact]
    public async Task Get_Members_Unknown_Returns404()
    {
        var (_, cookie) = await _api.SignedInAsync();

        var response = await _api.GetAsync($"/api/organizations/{Guid.NewGuid()}/members", cookie);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_Members_NotAUuid_Returns400WithIdFieldError()
    {
        var (_, cookie) = await _api.SignedInAsync();

        var response = await _api.GetAsync("/api/organizations/members-of-nothing/members", cookie);

        Assert.Equal(["id"], await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Get_Members_IsNeverCachedPublicly()
    {
        var org = await _api.OrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);

        var response = await _api.GetAsync($"/api/organizations/{org.Id}/members", owner);

        Assert.DoesNotContain("public", response.Headers.CacheControl?.ToString() ?? "");
    }

    [Theory]
    [InlineData(Caller.Anonymous, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized)]
    [InlineData(Caller.OtherUser, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Caller.Member, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Caller.Creator, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Caller.Admin, HttpStatusCode.Created, null)]
    [InlineData(Caller.Owner, HttpStatusCode.Created, null)]
    [InlineData(Caller.PlatformAdmin, HttpStatusCode.Created, null)]
    public async Task Post_Members_ByCaller_AnswersByTheirRole(Caller caller, HttpStatusCode status, string? code)
    {
        var org = await _api.OrganizationAsync();
        var cookie = await _api.CookieAsync(org, caller);
        var newcomer = await _api.Data.UserAsync();

        var response = await AddAsync(org.Id, new AddMemberRequest(newcomer.Email, MemberRole.Creator), cookie);

        Assert.Equal(status, response.StatusCode);
        if (code is not null) Assert.Equal(code, (await response.ErrorAsync()).Code);
        await using var db = fixture.Db();
        Assert.Equal(status == HttpStatusCode.Created, await db.Memberships.AnyAsync(m => m.OrganizationId == org.Id && m.UserId == newcomer.Id));
    }

    [Fact]
    public async Task Post_Members_Returns201WithTheMember_WhoThenSeesTheOrganizationAsMine()
    {
        var org = await _api.OrganizationAsync("Joined Org");
        var owner = await _api.CookieAsync(org, Caller.Owner);
        var (newcomer, newcomerCookie) = await _api.SignedInAsync(name: "New Person");

        var response = await AddAsync(org.Id, new AddMemberRequest($"  {newcomer.Email.ToUpperInvariant()} ", MemberRole.Admin), owner);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var member = (await response.ReadAsync<DataEnvelope<MemberDto>>()).Data;
        Assert.Equal((newcomer.Id, "New Person", newcomer.Email, MemberRole.Admin, MembershipStatus.Active),
            (member.UserId, member.Name, member.Email, member.Role, member.Status));
        var mine = (await (await _api.GetAsync("/api/organizations/mine", newcomerCookie)).ReadAsync<DataEnvelope<List<MembershipDto>>>()).Data;
        var membership = Assert.Single(mine);
        Assert.Equal((org.Id, MemberRole.Admin), (membership.Organization.Id, membership.Role));
        Assert.Equal(member, (await MembersAsync(org.Id, owner!)).Single(m => m.UserId == newcomer.Id));
    }

    [Theory]
    [InlineData(Caller.Owner, HttpStatusCode.Created)]
    [InlineData(Caller.PlatformAdmin, HttpStatusCode.Created)]
    [InlineData(Caller.Admin, HttpStatusCode.Forbidden)]
    public async Task Post_Members_AnotherOwner_OnlyByAnOwner(Caller caller, HttpStatusCode status)
    {
        var org = await _api.OrganizationAsync();
        var cookie = await _api.CookieAsync(org, caller);
        var newcomer = await _api.Data.UserAsync();

        var response = await AddAsync(org.Id, new AddMemberRequest(newcomer.Email, MemberRole.Owner), cookie);

        Assert.Equal(status, response.StatusCode);
        if (status == HttpStatusCode.Forbidden) Assert.Equal(ErrorCodes.Forbidden, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Post_Members_WithAnEmailNoAccountUses_Returns404WithThatMessage()
    {
        var org = await _api.OrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);

        var response = await AddAsync(org.Id, new AddMemberRequest($"nobody-{Guid.NewGuid():N}@example.test", MemberRole.Member), owner);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.Equal(ErrorCodes.NotFound, error.Code);
        Assert.Equal("No account uses this email.", error.Message);
    }

    [Theory]
    [InlineData(MembershipStatus.Active)]
    [InlineData(MembershipStatus.Suspended)]
    public async Task Post_Members_SomeoneAlreadyAMember_Returns409Conflict(MembershipStatus status)
    {
        var org = await _api.OrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);
        var existing = await _api.Data.UserAsync();
        await _api.MembershipAsync(org, existing, MemberRole.Member, status);

        var response = await AddAsync(org.Id, new AddMemberRequest(existing.Email, MemberRole.Creator), owner);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(ErrorCodes.Conflict, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Post_Members_TheSamePersonConcurrently_AddsOnce_AndAnswers409ToTheRest()
    {
        var org = await _api.OrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);
        var newcomer = await _api.Data.UserAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 5)
            .Select(_ => AddAsync(org.Id, new AddMemberRequest(newcomer.Email, MemberRole.Member), owner)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
    }

    [Theory]
    [InlineData("not-an-email", "member", "email")]
    [InlineData("", "member", "email")]
    [InlineData("someone@example.test", null, "role")]
    [InlineData("someone@example.test", "boss", "role")]
    public async Task Post_Members_WithAnInvalidField_Returns400WithThatFieldError(string email, string? role, string field)
    {
        var org = await _api.OrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);

        var response = await AddAsync(org.Id, new { email, role }, owner);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Post_Members_Unknown_Returns404()
    {
        var (_, cookie) = await _api.SignedInAsync(UserRole.Admin);
        var newcomer = await _api.Data.UserAsync();

        var response = await AddAsync(Guid.NewGuid(), new AddMemberRequest(newcomer.Email, MemberRole.Member), cookie);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEqual("No account uses this email.", (await response.ErrorAsync()).Message);
    }
}
