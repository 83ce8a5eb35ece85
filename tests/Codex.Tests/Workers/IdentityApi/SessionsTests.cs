using System.Net;
using Codex.Contracts;
using Codex.Contracts.Identity;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Workers.IdentityApi;

/// <summary><c>GET/DELETE /api/user/sessions</c> and <c>DELETE /api/user/sessions/:id</c>.</summary>
[Collection(IdentityCollection.Name)]
public sealed class SessionsTests(IdentityFixture fixture)
{
    private readonly IdentityApi _api = new(fixture);

    private async Task<IReadOnlyList<AccountSessionDto>> SessionsAsync(string cookie) =>
        await _api.DataAsync<IReadOnlyList<AccountSessionDto>>(await _api.GetAsync("/api/user/sessions", cookie));

    [Fact]
    public async Task Get_Sessions_ListsTheCallersOwn_MarkingTheCurrentOne()
    {
        var (user, cookie) = await _api.PersonAsync();
        var other = await _api.Data.SessionCookieAsync(user);
        var (_, stranger) = await _api.PersonAsync();

        var sessions = await SessionsAsync(cookie);

        Assert.Equal(2, sessions.Count);
        Assert.Single(sessions, s => s.Current);
        Assert.Equal(2, (await SessionsAsync(other)).Count);
        Assert.Single(await SessionsAsync(stranger));
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.GetAsync("/api/user/sessions")).StatusCode);
    }

    [Fact]
    public async Task Delete_Sessions_EndsEveryOtherSession_AtOnce()
    {
        var (user, cookie) = await _api.PersonAsync();
        var other = await _api.Data.SessionCookieAsync(user);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/api/user/profile", other)).StatusCode); // resolved (and cached) once

        var response = await _api.SendAsync(HttpMethod.Delete, "/api/user/sessions", cookie);

        Assert.Equal(1, (await _api.DataAsync<EndedSessionsDto>(response)).Ended);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.GetAsync("/api/user/profile", other)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/api/user/profile", cookie)).StatusCode);
        Assert.Single(await SessionsAsync(cookie));
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.SendAsync(HttpMethod.Delete, "/api/user/sessions")).StatusCode);
    }

    [Fact]
    public async Task Delete_OneSession_EndsIt_ButSomeoneElsesIsA404()
    {
        var (user, cookie) = await _api.PersonAsync();
        var other = await _api.Data.SessionCookieAsync(user);
        var (_, stranger) = await _api.PersonAsync();
        var otherId = (await SessionsAsync(cookie)).Single(s => !s.Current).Id;
        var strangersId = (await SessionsAsync(stranger)).Single().Id;

        var foreign = await _api.SendAsync(HttpMethod.Delete, $"/api/user/sessions/{strangersId}", cookie);
        var malformed = await _api.SendAsync(HttpMethod.Delete, "/api/user/sessions/not-an-id", cookie);
        var anonymous = await _api.SendAsync(HttpMethod.Delete, $"/api/user/sessions/{otherId}");
        var ended = await _api.SendAsync(HttpMethod.Delete, $"/api/user/sessions/{otherId}", cookie);

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, (await foreign.ErrorAsync()).Code);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.GetAsync("/api/user/profile", other)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/api/user/profile", stranger)).StatusCode);
    }
}
