using Codex.Contracts;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Workers.ContentApi;

/// <summary>
/// The Content worker alone, with its own clock (the expiry tests move it) and a streaming limit high enough for the
/// access matrix; the media signing key is left to be generated into the data folder.
/// </summary>
public sealed class ContentAccessFixture : SystemFixture
{
    protected override IReadOnlyList<Role> Roles => [Role.ContentApi];

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["RateLimits:StreamingPerUserPerMinute"] = "10000",
        ["Codex:PublicUrl"] = "https://codex.example",
    };
}

[CollectionDefinition(Name)]
public sealed class ContentAccessCollection : ICollectionFixture<ContentAccessFixture>
{
    public const string Name = "content-access";
}

/// <summary>Requests to the access routes with or without a session.</summary>
public sealed class AccessClient(ContentAccessFixture fixture)
{
    public TestData Data { get; } = new(fixture);
    public HttpClient Http { get; } = fixture.Client(Role.ContentApi);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, Data.User? asUser = null, HttpContent? content = null,
        Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        if (asUser is not null) request.Headers.Add("Cookie", await Data.SessionCookieAsync(asUser));
        configure?.Invoke(request);
        return await Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string url, Data.User? asUser = null, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Get, url, asUser, configure: configure);

    /// <summary>The path and query of a streaming URL (the public host is the site's; tests call the worker).</summary>
    public static string LocalPath(string streamingUrl) => new Uri(streamingUrl).PathAndQuery;
}
