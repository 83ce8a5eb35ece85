using System.Net.Http.Json;
using Codex.Contracts;
using Codex.Contracts.Organizations;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.OrganizationApi.Members;

/// <summary>
/// The Organization-API with the Notifications worker (invitation mail goes out through the outbox) and the
/// Content-API (joining unlocks members-only streaming), on an empty database.
/// </summary>
public sealed class MembersFixture : SystemFixture
{
    protected override IReadOnlyList<Role> Roles => [Role.OrganizationApi, Role.NotificationsApi, Role.ContentApi];
}

[CollectionDefinition(Name)]
public sealed class MembersCollection : ICollectionFixture<MembersFixture>
{
    public const string Name = "members";
}

/// <summary>Calls to the membership routes with an explicit cookie, and the rows the tests arrange.</summary>
public sealed class MembersApi(MembersFixture fixture)
{
    public TestData Data { get; } = new(fixture);
    private readonly HttpClient _organizations = fixture.Client(Role.OrganizationApi);
    private readonly HttpClient _content = fixture.Client(Role.ContentApi);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? cookie = null, object? body = null,
        Role worker = Role.OrganizationApi)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: ContractJson.Options);
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        return (worker == Role.ContentApi ? _content : _organizations).SendAsync(request);
    }

    public Task<HttpResponseMessage> PatchRoleAsync(Organization org, Guid userId, object role, string? cookie) =>
        SendAsync(HttpMethod.Patch, $"/api/organizations/{org.Id}/members/{userId}", cookie, new { role });

    public Task<HttpResponseMessage> RemoveAsync(Organization org, Guid userId, string? cookie) =>
        SendAsync(HttpMethod.Delete, $"/api/organizations/{org.Id}/members/{userId}", cookie);

    public Task<HttpResponseMessage> InviteAsync(Organization org, string email, object role, string? cookie) =>
        SendAsync(HttpMethod.Post, $"/api/organizations/{org.Id}/invitations", cookie, new { email, role });

    public Task<HttpResponseMessage> AcceptAsync(string? token, string? cookie) =>
        SendAsync(HttpMethod.Post, "/api/invitations/accept", cookie, new { token });

    public Task<HttpResponseMessage> PreviewAsync(string? token, string? cookie = null) =>
        SendAsync(HttpMethod.Post, "/api/invitations/preview", cookie, new { token });

    public Task<HttpResponseMessage> JoinAsync(Organization org, string? cookie) =>
        SendAsync(HttpMethod.Post, $"/api/organizations/{org.Id}/join", cookie);

    public Task<HttpResponseMessage> LeaveAsync(Organization org, string? cookie) =>
        SendAsync(HttpMethod.Delete, $"/api/organizations/{org.Id}/join", cookie);

    /// <summary>A new account with a session that outlives the tests that move the clock a week on: (user, cookie).</summary>
    public async Task<(User User, string Cookie)> PersonAsync(string name = "Person", UserRole role = UserRole.Customer)
    {
        var user = await Data.UserAsync(name, role);
        return (user, await Data.SessionCookieAsync(user, TimeSpan.FromDays(60)));
    }

    /// <summary>A person with <paramref name="role"/> in <paramref name="org"/>.</summary>
    public async Task<(User User, string Cookie)> MemberAsync(Organization org, MemberRole role, string name = "Member")
    {
        var person = await PersonAsync(name);
        await Data.MembershipAsync(org, person.User, role);
        return person;
    }

    /// <summary>An organization with one owner (so a caller's change never touches the last owner by accident).</summary>
    public async Task<(Organization Org, User Owner, string OwnerCookie)> OrganizationAsync(bool? signups = null, string? supportEmail = null)
    {
        var org = await Data.OrganizationAsync();
        var (owner, cookie) = await MemberAsync(org, MemberRole.Owner, "First Owner");
        if (signups is not null)
        {
            await using var db = fixture.Db();
            db.OrganizationSettings.Add(new OrganizationSettings { OrganizationId = org.Id, EnableSignups = signups.Value, SupportEmail = supportEmail });
            await db.SaveChangesAsync();
        }
        return (org, owner, cookie);
    }

    public async Task<Membership?> MembershipAsync(Organization org, Guid userId)
    {
        await using var db = fixture.Db();
        return await db.Memberships.AsNoTracking().FirstOrDefaultAsync(m => m.OrganizationId == org.Id && m.UserId == userId);
    }

    public async Task<int> OwnersAsync(Organization org)
    {
        await using var db = fixture.Db();
        return await db.Memberships.CountAsync(m => m.OrganizationId == org.Id && m.Role == MemberRole.Owner && m.Status == MembershipStatus.Active);
    }

    /// <summary>The token of the newest invitation link mailed to <paramref name="email"/>.</summary>
    public Task<string> InvitationTokenAsync(string email) => Mailbox.LatestTokenAsync(fixture, email, "invitations/accept");

    /// <summary>Invites <paramref name="email"/> as <paramref name="role"/> and returns the link's token from the mail.</summary>
    public async Task<string> InvitedAsync(Organization org, string ownerCookie, string email, MemberRole role = MemberRole.Creator)
    {
        var response = await InviteAsync(org, email, ContractJson.WireName(role), ownerCookie);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await InvitationTokenAsync(email);
    }
}
