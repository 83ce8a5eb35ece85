using System.Net;
using System.Text.Json;
using Codex.Contracts;
using Codex.Contracts.Admin;
using Codex.Contracts.Auth;
using Codex.Tests.Infrastructure;
using Codex.Tests.Workers.Auth;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.AdminApi;

/// <summary>
/// <c>GET /api/admin/users</c>, <c>GET</c> and <c>PATCH /api/admin/users/:id</c> (ADR 028): platform admins only; disabling
/// ends every session at once on every worker (their session cache on) and sign-in answers 403 in words, after the
/// password; every change is an audit row.
/// </summary>
[Collection(PlatformAdminCollection.Name)]
public sealed class PlatformUsersTests(PlatformAdminFixture fixture)
{
    private readonly AdminApi _api = new(fixture);
    private readonly AuthApi _auth = new(fixture);
    private TestData Data => _api.Data;

    private async Task<(Data.User Admin, string Cookie)> AdminAsync(string name = "Ada Admin")
    {
        var admin = await Data.UserAsync(name, UserRole.Admin);
        return (admin, await Data.SessionCookieAsync(admin));
    }

    private Task<HttpResponseMessage> PatchAsync(Guid userId, string? cookie, object body) =>
        _api.SendAsync(HttpMethod.Patch, $"/api/admin/users/{userId}", cookie, body);

    private async Task<HttpStatusCode> LibraryAsync(string cookie)
    {
        using var content = fixture.Client(Role.ContentApi);
        var request = new HttpRequestMessage(HttpMethod.Get, ContentRoutes.Library);
        request.Headers.Add("Cookie", cookie);
        return (await content.SendAsync(request)).StatusCode;
    }

    private async Task<List<Data.AuditEntry>> AuditOfAsync(Guid userId)
    {
        await using var db = fixture.Db();
        var target = userId.ToString("D");
        return await db.AuditLog.AsNoTracking().Where(a => a.TargetType == "user" && a.TargetId == target).OrderBy(a => a.CreatedAt).ToListAsync();
    }

    /// <summary>A cookie for each caller kind: an org owner, a customer, anonymous (null).</summary>
    private async Task<string?> CallerAsync(Who who)
    {
        var org = await Data.OrganizationAsync();
        return await Data.CookieAsync(org, who);
    }

    [Theory]
    [InlineData(Who.Anonymous, HttpStatusCode.Unauthorized)]
    [InlineData(Who.Customer, HttpStatusCode.Forbidden)]
    [InlineData(Who.Owner, HttpStatusCode.Forbidden)]
    [InlineData(Who.PlatformAdmin, HttpStatusCode.OK)]
    public async Task EveryRoute_ByCaller(Who who, HttpStatusCode listStatus)
    {
        var cookie = await CallerAsync(who);
        var target = await Data.UserAsync("Target Person");

        var list = await _api.GetAsync("/api/admin/users", cookie);
        var one = await _api.GetAsync($"/api/admin/users/{target.Id}", cookie);
        var patch = await PatchAsync(target.Id, cookie, new { disabled = true, reason = "Abuse" });

        Assert.Equal(listStatus, list.StatusCode);
        Assert.Equal(listStatus, one.StatusCode);
        Assert.Equal(listStatus, patch.StatusCode);
        if (listStatus != HttpStatusCode.OK)
        {
            var code = listStatus == HttpStatusCode.Unauthorized ? ErrorCodes.Unauthorized : ErrorCodes.Forbidden;
            Assert.Equal(code, (await list.ErrorAsync()).Code);
            Assert.Equal(code, (await patch.ErrorAsync()).Code);
            Assert.Empty(await AuditOfAsync(target.Id));
            await using var db = fixture.Db();
            Assert.Null((await db.Users.AsNoTracking().SingleAsync(u => u.Id == target.Id)).DisabledAt);
        }
    }

    [Fact]
    public async Task List_SearchesEmailNameAndUsername_FiltersByRoleAndStatus_NewestFirst()
    {
        var (_, cookie) = await AdminAsync();
        var word = "w" + Guid.NewGuid().ToString("N")[..10];
        var older = await Data.UserAsync($"Older {word}");
        var newer = await Data.UserAsync("Newer person", UserRole.Creator);
        var byUsername = await Data.UserAsync("Handle person");
        await using (var db = fixture.Db())
        {
            await db.Users.Where(u => u.Id == newer.Id).ExecuteUpdateAsync(s => s
                .SetProperty(u => u.Email, $"{word.ToUpperInvariant()}@example.test").SetProperty(u => u.CreatedAt, older.CreatedAt.AddDays(1)));
            await db.Users.Where(u => u.Id == byUsername.Id).ExecuteUpdateAsync(s => s
                .SetProperty(u => u.Username, word + "_x").SetProperty(u => u.DisabledAt, DateTimeOffset.UtcNow)
                .SetProperty(u => u.CreatedAt, older.CreatedAt.AddDays(-1)));
        }

        var all = await (await _api.GetAsync($"/api/admin/users?search={word.ToUpperInvariant()}", cookie)).ReadAsync<PagedList<AdminUserDto>>();
        var creators = await (await _api.GetAsync($"/api/admin/users?search={word}&role=creator", cookie)).ReadAsync<PagedList<AdminUserDto>>();
        var disabled = await (await _api.GetAsync($"/api/admin/users?search={word}&status=disabled", cookie)).ReadAsync<PagedList<AdminUserDto>>();
        var active = await (await _api.GetAsync($"/api/admin/users?search={word}&status=active", cookie)).ReadAsync<PagedList<AdminUserDto>>();
        var paged = await (await _api.GetAsync($"/api/admin/users?search={word}&limit=1&page=2", cookie)).ReadAsync<PagedList<AdminUserDto>>();

        Assert.Equal([newer.Id, older.Id, byUsername.Id], all.Items.Select(u => u.Id));
        Assert.Equal(new Pagination(1, 20, 3, 1), all.Pagination);
        Assert.Equal([newer.Id], creators.Items.Select(u => u.Id));
        Assert.Equal([byUsername.Id], disabled.Items.Select(u => u.Id));
        Assert.Equal(AccountStatus.Disabled, disabled.Items[0].Status);
        Assert.Equal(word + "_x", disabled.Items[0].Username);
        Assert.Equal([newer.Id, older.Id], active.Items.Select(u => u.Id));
        Assert.Equal([older.Id], paged.Items.Select(u => u.Id));
        Assert.Equal(new Pagination(2, 1, 3, 3), paged.Pagination);
    }

    [Fact]
    public async Task List_ShowsADeletedAccountAsSuch()
    {
        var (_, cookie) = await AdminAsync();
        var word = "w" + Guid.NewGuid().ToString("N")[..10];
        var gone = await Data.UserAsync($"Gone {word}");
        await using (var db = fixture.Db())
            await db.Users.Where(u => u.Id == gone.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DeletedAt, DateTimeOffset.UtcNow));

        var list = await (await _api.GetAsync($"/api/admin/users?search={word}&status=deleted", cookie)).ReadAsync<PagedList<AdminUserDto>>();

        Assert.Equal(AccountStatus.Deleted, Assert.Single(list.Items).Status);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=1001", "page")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("role=superuser", "role")]
    [InlineData("status=banned", "status")]
    [InlineData("page=two", "page")]
    public async Task List_WithABadQuery_Returns400(string query, string field)
    {
        var (_, cookie) = await AdminAsync();

        var response = await _api.GetAsync("/api/admin/users?" + query, cookie);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Get_OneAccount_WithSessionsMembershipsAndPurchases_404ForUnknown_400ForABadId()
    {
        var (_, cookie) = await AdminAsync();
        var (org, owner, _) = await _api.OrganizationWithOwnerAsync();
        await Data.SessionCookieAsync(owner);
        await Data.PurchaseAsync(owner, await _api.PaidItemAsync(org));

        var found = await (await _api.GetAsync($"/api/admin/users/{owner.Id}", cookie)).ReadAsync<DataEnvelope<AdminUserDetailsDto>>();
        var unknown = await _api.GetAsync($"/api/admin/users/{Guid.NewGuid()}", cookie);
        var bad = await _api.GetAsync("/api/admin/users/not-a-uuid", cookie);

        Assert.Equal(owner.Email, found.Data.User.Email);
        Assert.Equal(2, found.Data.ActiveSessions);
        Assert.Equal(1, found.Data.Purchases);
        Assert.Equal(org.Slug, Assert.Single(found.Data.Memberships).OrganizationSlug);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, (await unknown.ErrorAsync()).Code);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Disable_EndsEverySessionAtOnce_OnEveryWorker_EvenWhileCached()
    {
        var (admin, cookie) = await AdminAsync();
        var email = AuthApi.NewEmail();
        var first = await _auth.VerifiedAccountAsync(email);
        var second = AuthApi.SessionCookie(await _auth.LoginAsync(email))!;
        // Both sessions are now in the workers' cache.
        Assert.Equal(HttpStatusCode.OK, await LibraryAsync(first));
        Assert.Equal(HttpStatusCode.OK, await LibraryAsync(second));
        Guid userId;
        await using (var db = fixture.Db()) userId = (await db.Users.SingleAsync(u => u.Email == email)).Id;

        var response = await PatchAsync(userId, cookie, new { disabled = true, reason = "Spam in comments" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var dto = (await response.ReadAsync<DataEnvelope<AdminUserDto>>()).Data;
        Assert.Equal(AccountStatus.Disabled, dto.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, await LibraryAsync(first));
        Assert.Equal(HttpStatusCode.Unauthorized, await LibraryAsync(second));
        Assert.Null(await _auth.SessionAsync(first));
        await using var check = fixture.Db();
        Assert.False(await check.Sessions.AnyAsync(s => s.UserId == userId));
        var audit = Assert.Single(await AuditOfAsync(userId));
        Assert.Equal(("user.disable", admin.Id, "Spam in comments"), (audit.Action, audit.ActorId, audit.Reason));
        // The row names the person by id only: an email written here would outlive the account's deletion.
        Assert.DoesNotContain(email, audit.Details ?? "", StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Disabled_SignIn_Is403WithTheSentence_AfterThePassword_AndAWrongPasswordStays401()
    {
        var (_, cookie) = await AdminAsync();
        var email = AuthApi.NewEmail();
        await _auth.VerifiedAccountAsync(email);
        Guid userId;
        await using (var db = fixture.Db()) userId = (await db.Users.SingleAsync(u => u.Email == email)).Id;
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(userId, cookie, new { disabled = true, reason = "Fraud" })).StatusCode);

        var right = await _auth.LoginAsync(email);
        var wrong = await _auth.LoginAsync(email, "not-the-password-9");

        Assert.Equal(HttpStatusCode.Forbidden, right.StatusCode);
        var error = await right.ErrorAsync();
        Assert.Equal(ErrorCodes.Forbidden, error.Code);
        Assert.Equal(AccountMessages.Disabled, error.Message);
        Assert.Contains("disabled by a Codex administrator", error.Message);
        Assert.Null(AuthApi.SessionCookie(right));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(ErrorCodes.InvalidCredentials, (await wrong.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Disabled_VerifyingTheEmail_DoesNotSignIn()
    {
        var (_, cookie) = await AdminAsync();
        var email = AuthApi.NewEmail();
        Assert.Equal(HttpStatusCode.Created, (await _auth.RegisterAsync(email)).StatusCode);
        var token = await Mailbox.LatestTokenAsync(fixture, email, "verify-email");
        Guid userId;
        await using (var db = fixture.Db()) userId = (await db.Users.SingleAsync(u => u.Email == email)).Id;
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(userId, cookie, new { disabled = true, reason = "Bot sign-ups" })).StatusCode);

        var verified = await _auth.GetAsync("/api/auth/verify-email?token=" + Uri.EscapeDataString(token));

        Assert.Equal(HttpStatusCode.Forbidden, verified.StatusCode);
        Assert.Equal(AccountMessages.Disabled, (await verified.ErrorAsync()).Message);
        Assert.Null(AuthApi.SessionCookie(verified));
        await using var check = fixture.Db();
        Assert.False(await check.Sessions.AnyAsync(s => s.UserId == userId));
    }

    [Fact]
    public async Task ASessionOfADisabledAccount_ThatSlippedThrough_IsRefused()
    {
        var user = await Data.UserAsync("Slipped");
        await using (var db = fixture.Db())
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisabledAt, DateTimeOffset.UtcNow));
        var cookie = await Data.SessionCookieAsync(user); // written behind the workers' backs, after the disabling

        Assert.Equal(HttpStatusCode.Unauthorized, await LibraryAsync(cookie));
        Assert.Null(await _auth.SessionAsync(cookie));
    }

    [Fact]
    public async Task Enable_LetsTheAccountSignInAgain_WithAnAuditRow()
    {
        var (_, cookie) = await AdminAsync();
        var email = AuthApi.NewEmail();
        await _auth.VerifiedAccountAsync(email);
        Guid userId;
        await using (var db = fixture.Db()) userId = (await db.Users.SingleAsync(u => u.Email == email)).Id;
        await PatchAsync(userId, cookie, new { disabled = true, reason = "Mistake" });

        var response = await PatchAsync(userId, cookie, new { disabled = false, reason = "It was a mistake" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AccountStatus.Active, (await response.ReadAsync<DataEnvelope<AdminUserDto>>()).Data.Status);
        Assert.Equal(HttpStatusCode.OK, (await _auth.LoginAsync(email)).StatusCode);
        Assert.Equal(["user.disable", "user.enable"], (await AuditOfAsync(userId)).Select(a => a.Action));
        Assert.Equal("It was a mistake", (await AuditOfAsync(userId))[1].Reason);
    }

    [Fact]
    public async Task Role_ChangesAtOnceForTheCachedSession_WithFromAndToInTheAudit()
    {
        var (admin, cookie) = await AdminAsync();
        var email = AuthApi.NewEmail();
        var theirs = await _auth.VerifiedAccountAsync(email);
        Assert.Equal(HttpStatusCode.OK, await LibraryAsync(theirs));
        Guid userId;
        await using (var db = fixture.Db()) userId = (await db.Users.SingleAsync(u => u.Email == email)).Id;

        var response = await PatchAsync(userId, cookie, new { role = "admin", reason = "Joins the team" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(UserRole.Admin, (await response.ReadAsync<DataEnvelope<AdminUserDto>>()).Data.Role);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/api/admin/users?limit=1", theirs)).StatusCode);
        var audit = Assert.Single(await AuditOfAsync(userId));
        Assert.Equal(("user.role", admin.Id, "Joins the team"), (audit.Action, audit.ActorId, audit.Reason));
        using var details = JsonDocument.Parse(audit.Details!);
        Assert.Equal("customer", details.RootElement.GetProperty("from").GetString());
        Assert.Equal("admin", details.RootElement.GetProperty("to").GetString());
        Assert.Equal(UserRole.Admin, (await _auth.SessionAsync(theirs))!.User.Role);
    }

    [Fact]
    public async Task TheSameValueAgain_ChangesNothing_AndWritesNoAuditRow()
    {
        var (_, cookie) = await AdminAsync();
        var user = await Data.UserAsync("Same Again");

        var role = await PatchAsync(user.Id, cookie, new { role = "customer", reason = "No-op" });
        var enable = await PatchAsync(user.Id, cookie, new { disabled = false, reason = "No-op" });

        Assert.Equal(HttpStatusCode.OK, role.StatusCode);
        Assert.Equal(HttpStatusCode.OK, enable.StatusCode);
        Assert.Empty(await AuditOfAsync(user.Id));
    }

    [Theory]
    [InlineData("{\"disabled\":true}")]
    [InlineData("{\"role\":\"creator\"}")]
    public async Task AnAdmin_CannotDisableOrDemoteThemself_409(string body)
    {
        var (admin, cookie) = await AdminAsync();
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/admin/users/{admin.Id}")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Cookie", cookie);

        var response = await _api.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.Equal(ErrorCodes.Conflict, error.Code);
        Assert.Contains("your own", error.Message);
        Assert.Empty(await AuditOfAsync(admin.Id));
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/api/admin/users?limit=1", cookie)).StatusCode);
    }

    [Fact]
    public async Task ADeletedAccount_CannotBeChanged_409()
    {
        var (_, cookie) = await AdminAsync();
        var gone = await Data.UserAsync("Gone");
        await using (var db = fixture.Db())
            await db.Users.Where(u => u.Id == gone.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DeletedAt, DateTimeOffset.UtcNow));

        var response = await PatchAsync(gone.Id, cookie, new { disabled = true, reason = "Too late" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("deleted", (await response.ErrorAsync()).Message);
        Assert.Empty(await AuditOfAsync(gone.Id));
    }

    [Fact]
    public async Task Patch_UnknownAccount_404()
    {
        var (_, cookie) = await AdminAsync();

        var response = await PatchAsync(Guid.NewGuid(), cookie, new { disabled = true, reason = "Nobody" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, (await response.ErrorAsync()).Code);
    }

    [Theory]
    [InlineData("{}", "_")]
    [InlineData("{\"reason\":\"only a reason\"}", "_")]
    [InlineData("{\"role\":\"superuser\"}", "role")]
    [InlineData("{\"disabled\":\"yes\"}", "disabled")]
    [InlineData("{\"disabled\":true,\"reason\":\"LONG\"}", "reason")]
    public async Task Patch_WithABadBody_Returns400(string body, string field)
    {
        var (_, cookie) = await AdminAsync();
        var user = await Data.UserAsync("Bad Body");
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/admin/users/{user.Id}")
        {
            Content = new StringContent(body.Replace("LONG", new string('x', 501)), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Cookie", cookie);

        var response = await _api.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.FieldErrorsAsync());
        Assert.Empty(await AuditOfAsync(user.Id));
    }

    [Fact]
    public async Task Patch_NotJson_Returns400InvalidJson()
    {
        var (_, cookie) = await AdminAsync();
        var user = await Data.UserAsync("Not Json");
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/admin/users/{user.Id}")
        {
            Content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Cookie", cookie);

        var response = await _api.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ErrorCodes.InvalidJson, (await response.ErrorAsync()).Code);
    }
}
