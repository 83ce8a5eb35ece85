using Codex.ServiceDefaults;
using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Workers.ContentApi.Access;
using Microsoft.Extensions.Configuration;

namespace Codex.Tests.Workers.ContentApi;

public sealed class MediaSignerTests : IDisposable
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "codex-tests", "signer-" + Guid.NewGuid().ToString("N"));

    private MediaSigner Signer(string? key = null)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Codex:DataPath"] = _dataPath,
            ["Codex:PublicUrl"] = "https://codex.example/",
            ["Media:SigningKey"] = key,
        }).Build();
        return new(config.GetCodexOptions(), config);
    }

    [Fact]
    public void Url_IsHmacSha256OfIdDotExp_Base64Url()
    {
        var id = Guid.NewGuid();
        var url = Signer("configured-key").Url(id, 1_900_000_000);

        var expected = Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes("configured-key"),
            Encoding.UTF8.GetBytes($"{id:D}.1900000000")));
        Assert.Equal($"https://codex.example/media/{id:D}?exp=1900000000&sig={expected}", url);
        Assert.True(Signer("configured-key").IsValid(id.ToString("D"), 1_900_000_000, expected));
        Assert.False(Signer("another-key").IsValid(id.ToString("D"), 1_900_000_000, expected));
        Assert.False(Directory.Exists(_dataPath)); // a configured key writes nothing
    }

    [Fact]
    public void GeneratedKey_IsKeptAcrossRestarts()
    {
        var id = Guid.NewGuid();
        var sig = new Uri(Signer().Url(id, 1_900_000_000)).Query.Split("sig=")[1];

        Assert.True(Signer().IsValid(id.ToString("D"), 1_900_000_000, sig));
        Assert.Equal(64, File.ReadAllText(Path.Combine(_dataPath, "media-signing-key")).Length);
    }

    [Fact]
    public void ThumbnailSignature_OpensTheThumbnailOnly_NotTheMedia()
    {
        var id = Guid.NewGuid();
        var url = new Uri(Signer("k").ThumbnailUrl(id, 1_900_000_000));
        var sig = url.Query.Split("sig=")[1];

        Assert.Equal($"/media/{id:D}/thumbnail", url.AbsolutePath);
        Assert.True(Signer("k").IsValidThumbnail(id.ToString("D"), 1_900_000_000, sig));
        Assert.False(Signer("k").IsValid(id.ToString("D"), 1_900_000_000, sig));
        var mediaSig = new Uri(Signer("k").Url(id, 1_900_000_000)).Query.Split("sig=")[1];
        Assert.False(Signer("k").IsValidThumbnail(id.ToString("D"), 1_900_000_000, mediaSig));
    }

    public void Dispose()
    {
        try { Directory.Delete(_dataPath, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>The Content worker with a streaming-URL limit of 3 per minute.</summary>
public sealed class StreamingLimitFixture : SystemFixture
{
    protected override IReadOnlyList<Role> Roles => [Role.ContentApi];
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["RateLimits:StreamingPerUserPerMinute"] = "3",
    };
}

public sealed class StreamingRateLimitTests(StreamingLimitFixture fixture) : IClassFixture<StreamingLimitFixture>
{
    [Fact]
    public async Task Stream_IsLimitedPerUser_429WithRetryAfter()
    {
        var data = new TestData(fixture);
        var client = fixture.Client(Role.ContentApi);
        var org = await data.OrganizationAsync();
        var (item, _) = await data.VideoAsync(org, await data.UserAsync());
        var first = await data.SessionCookieAsync(await data.UserAsync());
        var second = await data.SessionCookieAsync(await data.UserAsync());

        async Task<HttpStatusCode> StreamAsync(string cookie)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/api/access/content/{item.Id}/stream");
            request.Headers.Add("Cookie", cookie);
            var response = await client.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal(ErrorCodes.RateLimited, (await response.ErrorAsync()).Code);
                Assert.NotNull(response.Headers.RetryAfter);
            }
            return response.StatusCode;
        }

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, await StreamAsync(first));
        Assert.Equal(HttpStatusCode.TooManyRequests, await StreamAsync(first));
        Assert.Equal(HttpStatusCode.OK, await StreamAsync(second));
        // Other routes are not counted against the streaming limit.
        var progress = new HttpRequestMessage(HttpMethod.Get, $"/api/access/content/{item.Id}/progress");
        progress.Headers.Add("Cookie", first);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(progress)).StatusCode);
    }
}
