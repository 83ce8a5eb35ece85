using System.Net;
using System.Net.Http.Json;
using Codex.Contracts;
using Codex.Contracts.Auth;
using Codex.Contracts.Organizations;
using Codex.Tests.Infrastructure;
using Codex.Tests.Workers.Auth;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.Pipeline;

/// <summary>
/// The workers' cache of resolved sessions (ADR 025): a session used on a worker is kept there briefly, yet sign-out,
/// password reset and change, and every change to what a session carries take effect on the very next call to any
/// worker. Each test first uses the cookie on the worker it checks, so the session is cached there.
/// </summary>
public sealed class WorkerSessionCacheTests(SessionCacheFixture fixture) : IClassFixture<SessionCacheFixture>
{
    private readonly AuthApi _auth = new(fixture);

    private async Task<HttpStatusCode> LibraryAsync(string cookie)
    {
        using var content = fixture.Client(Role.ContentApi);
        var request = new HttpRequestMessage(HttpMethod.Get, ContentRoutes.Library);
        request.Headers.Add("Cookie", cookie);
        return (await content.SendAsync(request)).StatusCode;
    }

    private static async Task DeleteSessionRowsAsync(SystemFixture fixture, string email)
    {
        await using var db = fixture.Db();
        await db.Sessions.Where(s => s.User!.Email == email).ExecuteDeleteAsync();
    }

    [Fact]
    public async Task ASessionUsedOnAWorker_IsKept_SoThatWorkerAnswersWithoutTheDatabase()
    {
        // The control that gives the other tests their meaning: the session row is gone, yet the cached entry answers.
        var email = AuthApi.NewEmail();
        var cookie = await _auth.VerifiedAccountAsync(email);
        Assert.Equal(HttpStatusCode.OK, await LibraryAsync(cookie));

        await DeleteSessionRowsAsync(fixture, email);

        Assert.Equal(HttpStatusCode.OK, await LibraryAsync(cookie));
    }

    [Fact]
    public async Task SignOut_EndsTheSessionOnEveryWorker_AtOnce()
    {
        var cookie = await _auth.VerifiedAccountAsync(AuthApi.NewEmail());
        Assert.Equal(HttpStatusCode.OK, await LibraryAsync(cookie));

        Assert.Equal(HttpStatusCode.NoContent, (await _auth.PostAsync(AuthRoutes.SignOut, new { }, cookie)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await LibraryAsync(cookie));
    }

    [Fact]
    public async Task PasswordReset_EndsEverySession_AtOnce()
    {
        var email = AuthApi.NewEmail();
        var cookie = await _auth.VerifiedAccountAsync(email);
        Assert.Equal(HttpStatusCode.OK, await LibraryAsync(cookie));

        Assert.Equal(HttpStatusCode.NoContent, (await _auth.PostAsync(AuthRoutes.SendResetPasswordEmail, new EmailRequest(email))).StatusCode);
        var token = await Mailbox.LatestTokenAsync(fixture, email, "reset-password");
        Assert.Equal(HttpStatusCode.NoContent,
            (await _auth.PostAsync(AuthRoutes.ResetPassword, new ResetPasswordRequest(token, "another-horse-2"))).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await LibraryAsync(cookie));
    }

    [Fact]
    public async Task PasswordChange_EndsTheOtherSessions_AtOnce_AndKeepsTheCallers()
    {
        var email = AuthApi.NewEmail();
        var here = await _auth.VerifiedAccountAsync(email);
        var elsewhere = AuthApi.SessionCookie(await _auth.LoginAsync(email))!;
        Assert.Equal(HttpStatusCode.OK, await LibraryAsync(here));
        Assert.Equal(HttpStatusCode.OK, await LibraryAsync(elsewhere));

        var change = await _auth.PostAsync(AuthRoutes.ChangePassword, new ChangePasswordRequest("correct-horse-1", "another-horse-2"), here);

        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await LibraryAsync(elsewhere));
        Assert.Equal(HttpStatusCode.OK, await LibraryAsync(here));
    }

    [Fact]
    public async Task ANameChange_IsWhatTheNextCallToAnotherWorkerSees()
    {
        var cookie = await _auth.VerifiedAccountAsync(AuthApi.NewEmail());
        using var organizations = fixture.Client(Role.OrganizationApi);
        async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object body)
        {
            var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, body.GetType(), options: ContractJson.Options) };
            request.Headers.Add("Cookie", cookie);
            return await organizations.SendAsync(request);
        }
        var created = await SendAsync(HttpMethod.Post, OrganizationRoutes.List,
            new CreateOrganizationRequest("o-" + Guid.NewGuid().ToString("N")[..12], "Named Org", null, null, null));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var org = (await created.ReadAsync<DataEnvelope<OrganizationDto>>()).Data;
        async Task<string?> InvitedByAsync()
        {
            var response = await SendAsync(HttpMethod.Post, $"/api/organizations/{org.Id}/invitations",
                new CreateInvitationRequest(AuthApi.NewEmail(), MemberRole.Member));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.ReadAsync<DataEnvelope<InvitationDto>>()).Data.InvitedByName;
        }
        Assert.Equal("Pat Example", await InvitedByAsync()); // the session is cached on the Organization-API now

        var renamed = new HttpRequestMessage(HttpMethod.Patch, AuthRoutes.Me) { Content = JsonContent.Create(new UpdateProfileRequest("Pat Renamed")) };
        renamed.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await _auth.Client.SendAsync(renamed)).StatusCode);

        Assert.Equal("Pat Renamed", await InvitedByAsync());
    }

    [Fact]
    public async Task FoundingAnOrganization_ChangesTheRole_AndDropsTheCachedSession()
    {
        // A customer becomes a creator: the entry is dropped, so the next call reads the database (and, the row being
        // gone, finds no session: the proof that nothing stale answered).
        var email = AuthApi.NewEmail();
        var cookie = await _auth.VerifiedAccountAsync(email);
        Assert.Equal(HttpStatusCode.OK, await LibraryAsync(cookie));
        using var organizations = fixture.Client(Role.OrganizationApi);
        var request = new HttpRequestMessage(HttpMethod.Post, OrganizationRoutes.List)
        {
            Content = JsonContent.Create(new CreateOrganizationRequest("o-" + Guid.NewGuid().ToString("N")[..12], "Founded", null, null, null),
                options: ContractJson.Options),
        };
        request.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.Created, (await organizations.SendAsync(request)).StatusCode);
        await DeleteSessionRowsAsync(fixture, email);

        Assert.Equal(HttpStatusCode.Unauthorized, await LibraryAsync(cookie));
    }

    [Fact]
    public async Task ACachedSession_NeverOutlivesItsExpiry()
    {
        var data = new TestData(fixture);
        var user = await data.UserAsync();
        var cookie = await data.SessionCookieAsync(user, TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.OK, await LibraryAsync(cookie));

        fixture.Clock.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal(HttpStatusCode.Unauthorized, await LibraryAsync(cookie));
    }

    [Fact]
    public void Revoke_WhileALookupIsUnderWay_RefusesItsAnswer()
    {
        var cache = new WorkerSessionCache(TimeSpan.FromMinutes(1));
        var user = new SessionUser(Guid.NewGuid(), "a@example.test", "A", true, UserRole.Customer, DateTimeOffset.UtcNow,
            Guid.NewGuid(), DateTimeOffset.UtcNow.AddDays(1));
        var version = cache.Version; // the lookup starts

        cache.Revoke(user.Id); // the session ends meanwhile
        cache.Store("hash", user, version);

        Assert.Null(cache.Find("hash", DateTimeOffset.UtcNow));
        cache.Store("hash", user, cache.Version); // a lookup after the revocation is kept
        Assert.Equal(user, cache.Find("hash", DateTimeOffset.UtcNow));
    }

    [Fact]
    public void TheCache_IsSharedOnlyWhenEveryRoleThatChangesUsersRunsInTheProcess()
    {
        var options = new SessionCacheOptions();

        Assert.True(WorkerSessionCache.For(WorkerInfo.All.Select(w => w.Role), options).Enabled);
        Assert.False(WorkerSessionCache.For([Role.Auth, Role.ContentApi, Role.OrganizationApi, Role.AdminApi], options).Enabled);
        Assert.False(WorkerSessionCache.For([Role.ContentApi], options).Enabled);
        Assert.False(WorkerSessionCache.For(WorkerInfo.All.Select(w => w.Role), new SessionCacheOptions { WorkerCacheSeconds = 0 }).Enabled);
    }
}

/// <summary>
/// Without the cache (a split system, or the setting 0), a worker reads the database on every call: a session row
/// deleted behind its back is gone on the next call.
/// </summary>
public sealed class WorkerSessionCacheOffTests
{
    private static async Task AssertReadsTheDatabaseEveryTimeAsync(SystemFixture fixture)
    {
        var auth = new AuthApi(fixture);
        var email = AuthApi.NewEmail();
        var cookie = await auth.VerifiedAccountAsync(email);
        using var content = fixture.Client(Role.ContentApi);
        async Task<HttpStatusCode> LibraryAsync()
        {
            var request = new HttpRequestMessage(HttpMethod.Get, ContentRoutes.Library);
            request.Headers.Add("Cookie", cookie);
            return (await content.SendAsync(request)).StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, await LibraryAsync());

        await using (var db = fixture.Db()) await db.Sessions.Where(s => s.User!.Email == email).ExecuteDeleteAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, await LibraryAsync());
    }

    [Collection(AuthCollection.Name)]
    public sealed class SplitRoles(AuthFixture fixture)
    {
        [Fact]
        public Task ASystemWithoutEveryRoleThatChangesUsers_DoesNotCache() => AssertReadsTheDatabaseEveryTimeAsync(fixture);
    }

    public sealed class SettingZero(SessionCacheOffFixture fixture) : IClassFixture<SessionCacheOffFixture>
    {
        [Fact]
        public Task WorkerCacheSecondsZero_TurnsTheCacheOff() => AssertReadsTheDatabaseEveryTimeAsync(fixture);
    }
}

/// <summary>Every worker that ends sessions or changes users, and the Content-API: the session cache is on (default 30 s).</summary>
public class SessionCacheFixture : SystemFixture
{
    protected override IReadOnlyList<Role> Roles =>
        [Role.NotificationsApi, Role.Auth, Role.OrganizationApi, Role.AdminApi, Role.IdentityApi, Role.ContentApi];

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["RateLimits:AuthPerClient"] = "100000",
    };
}

/// <summary>The same system with <c>Sessions__WorkerCacheSeconds=0</c>.</summary>
public sealed class SessionCacheOffFixture : SessionCacheFixture
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["RateLimits:AuthPerClient"] = "100000",
        ["Sessions:WorkerCacheSeconds"] = "0",
    };
}
