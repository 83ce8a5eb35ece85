using System.Net.Http.Json;
using Codex.Contracts;
using Codex.Contracts.Auth;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Workers.Auth;

/// <summary>Calls to the Auth worker the way the site makes them, keeping the session cookie explicitly.</summary>
public sealed class AuthApi(SystemFixture fixture)
{
    public HttpClient Client { get; } = fixture.Client(Role.Auth);

    public static string NewEmail() => $"person-{Guid.NewGuid():N}@example.test";

    public Task<HttpResponseMessage> PostAsync(string path, object body, string? cookie = null, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: ContractJson.Options) };
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? cookie = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> RegisterAsync(string email, string password = "correct-horse-1", string name = "Pat Example") =>
        PostAsync("/api/auth/email/register", new RegisterRequest(name, email, password));

    public Task<HttpResponseMessage> LoginAsync(string email, string password = "correct-horse-1", string? forwardedFor = null) =>
        PostAsync("/api/auth/email/login", new LoginRequest(email, password), forwardedFor: forwardedFor);

    /// <summary>Registers and verifies through the mailed link; returns the session cookie.</summary>
    public async Task<string> VerifiedAccountAsync(string email, string password = "correct-horse-1")
    {
        Assert.Equal(System.Net.HttpStatusCode.Created, (await RegisterAsync(email, password)).StatusCode);
        var token = await Mailbox.LatestTokenAsync(fixture, email, "verify-email");
        var verified = await GetAsync("/api/auth/verify-email?token=" + Uri.EscapeDataString(token));
        Assert.Equal(System.Net.HttpStatusCode.OK, verified.StatusCode);
        return SessionCookie(verified)!;
    }

    /// <summary>The <c>codex-session=...</c> pair a response set, or null.</summary>
    public static string? SessionCookie(HttpResponseMessage response) =>
        SetCookie(response)?.Split(';')[0] is { } pair && pair.Length > "codex-session=".Length ? pair : null;

    public static string? SetCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.FirstOrDefault(v => v.StartsWith("codex-session=")) : null;

    public async Task<AuthSessionDto?> SessionAsync(string cookie) =>
        (await (await GetAsync("/api/auth/session", cookie)).ReadAsync<DataEnvelope<AuthSessionDto?>>()).Data;
}
