using System.Net.Http.Json;
using Codex.Contracts;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Codex.Workers.Pipeline;

namespace Codex.Tests.Workers.IdentityApi;

/// <summary>Calls to the Identity-API as the site makes them, with the session cookie given explicitly, and people with real passwords.</summary>
public sealed class IdentityApi(SystemFixture fixture)
{
    public const string Password = "correct-horse-1";

    /// <summary>Hashing is slow on purpose: one hash (salt included) serves every test person.</summary>
    private static readonly Lazy<string> PasswordHash = new(() =>
        PasswordHashing.CreateHasher().HashPassword(new User { Email = "", Name = "", PasswordHash = "" }, Password));

    public HttpClient Client { get; } = fixture.Client(Role.IdentityApi);
    public TestData Data { get; } = new(fixture);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? cookie = null, object? body = null, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path)
        {
            Content = content ?? (body is null ? null : JsonContent.Create(body, body.GetType(), options: ContractJson.Options)),
        };
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? cookie = null) => SendAsync(HttpMethod.Get, path, cookie);

    /// <summary>A verified person whose password is <see cref="Password"/>, signed in once; their row and session cookie.</summary>
    public async Task<(User User, string Cookie)> PersonAsync(string? name = null)
    {
        var user = await Data.UserAsync(name ?? "Pat Example");
        await using (var db = fixture.Db())
        {
            db.Attach(user);
            user.PasswordHash = PasswordHash.Value;
            await db.SaveChangesAsync();
        }
        return (user, await Data.SessionCookieAsync(user));
    }

    public async Task<T> DataAsync<T>(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.ReadAsync<DataEnvelope<T>>()).Data;
    }
}
