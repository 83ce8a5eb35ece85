using System.Net;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.AdminApi;

/// <summary>The workers that change users, on a database of their own: only this test's accounts are platform admins.</summary>
public sealed class LastAdminFixture : SystemFixture
{
    protected override IReadOnlyList<Role> Roles => [Role.Auth, Role.OrganizationApi, Role.AdminApi, Role.IdentityApi, Role.ContentApi];
}

/// <summary>
/// Codex keeps at least one active platform admin (ADR 028). An admin never targets themself (that is its own 409), so
/// the last one can only be lost to a race: here, a caller whose admin role was taken away behind the workers' backs
/// while their session was still cached as an admin's.
/// </summary>
public sealed class LastPlatformAdminTests(LastAdminFixture fixture) : IClassFixture<LastAdminFixture>
{
    [Theory]
    [InlineData("{\"disabled\":true,\"reason\":\"x\"}")]
    [InlineData("{\"role\":\"customer\",\"reason\":\"x\"}")]
    public async Task TheLastActivePlatformAdmin_CannotBeDisabledOrDemoted_409(string body)
    {
        var api = new AdminApi(fixture);
        await using (var db = fixture.Db())
            await db.Users.Where(u => u.Role == UserRole.Admin).ExecuteUpdateAsync(s => s.SetProperty(u => u.Role, UserRole.Customer));
        var caller = await api.Data.UserAsync("Former Admin", UserRole.Admin);
        var last = await api.Data.UserAsync("Last Admin", UserRole.Admin);
        var cookie = await api.Data.SessionCookieAsync(caller);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/admin/users?limit=1", cookie)).StatusCode); // cached as an admin
        await using (var db = fixture.Db())
            await db.Users.Where(u => u.Id == caller.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Role, UserRole.Customer));
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/admin/users/{last.Id}")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Cookie", cookie);

        var response = await api.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("at least one active platform admin", (await response.ErrorAsync()).Message);
        await using var check = fixture.Db();
        var stored = await check.Users.AsNoTracking().SingleAsync(u => u.Id == last.Id);
        Assert.Equal((UserRole.Admin, (DateTimeOffset?)null), (stored.Role, stored.DisabledAt));
        Assert.False(await check.AuditLog.AnyAsync(a => a.TargetId == last.Id.ToString()));
    }

    [Fact]
    public async Task TheLastActivePlatformAdmin_CannotDeleteTheirAccount_409_WhileAnotherAdminMay()
    {
        var identity = new Codex.Tests.Workers.IdentityApi.IdentityApi(fixture);
        await using (var db = fixture.Db())
            await db.Users.Where(u => u.Role == UserRole.Admin).ExecuteUpdateAsync(s => s.SetProperty(u => u.Role, UserRole.Customer));
        var (first, firstCookie) = await identity.PersonAsync("First Admin");
        var (second, secondCookie) = await identity.PersonAsync("Second Admin");
        await using (var db = fixture.Db())
            await db.Users.Where(u => u.Id == first.Id || u.Id == second.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Role, UserRole.Admin));
        var word = new Codex.Contracts.Identity.DeleteAccountRequest("DELETE", Codex.Tests.Workers.IdentityApi.IdentityApi.Password);

        // Two admins: one may leave.
        Assert.Equal(HttpStatusCode.NoContent, (await identity.SendAsync(HttpMethod.Delete, "/api/user/account", secondCookie, word)).StatusCode);
        // The one left may not: Codex would have nobody to run it.
        var refused = await identity.SendAsync(HttpMethod.Delete, "/api/user/account", firstCookie, word);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(ErrorCodes.Conflict, (await refused.ErrorAsync()).Code);
        Assert.Contains("only platform admin", (await refused.ErrorAsync()).Message);
        await using var check = fixture.Db();
        var stored = await check.Users.AsNoTracking().SingleAsync(u => u.Id == first.Id);
        Assert.Equal((UserRole.Admin, (DateTimeOffset?)null), (stored.Role, stored.DeletedAt));
    }
}
