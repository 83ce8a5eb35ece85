using System.Net;
using System.Web;
using Codex.Contracts;
using Codex.Contracts.Content;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Workers.ContentApi;

/// <summary>With S3-compatible storage configured, a streaming URL is an AWS SDK presigned GET (made without network).</summary>
public sealed class S3Fixture : SystemFixture
{
    protected override IReadOnlyList<Role> Roles => [Role.ContentApi];
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Storage:S3:ServiceUrl"] = "http://127.0.0.1:9000",
        ["Storage:S3:Bucket"] = "codex-media",
        ["Storage:S3:AccessKey"] = "TESTACCESSKEY",
        ["Storage:S3:SecretKey"] = "test-secret-key",
    };
}

public sealed class S3StreamingTests(S3Fixture fixture) : IClassFixture<S3Fixture>
{
    [Fact]
    public async Task Get_Stream_WithS3Configured_ReturnsAPresignedGetThatExpiresWhenAsked()
    {
        var data = new TestData(fixture);
        var org = await data.OrganizationAsync();
        var (item, media) = await data.VideoAsync(org, await data.UserAsync());

        var response = await fixture.Client(Role.ContentApi).GetAsync($"/api/access/content/{item.Id}/stream?expirySeconds=900");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stream = (await response.ReadAsync<DataEnvelope<StreamingUrlDto>>()).Data;
        var url = new Uri(stream.StreamingUrl);
        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("127.0.0.1", url.Host);
        Assert.Equal(9000, url.Port);
        Assert.Equal($"/codex-media/{media.StorageKey}", Uri.UnescapeDataString(url.AbsolutePath));
        Assert.Equal("AWS4-HMAC-SHA256", query["X-Amz-Algorithm"]);
        Assert.StartsWith("TESTACCESSKEY/", query["X-Amz-Credential"]);
        Assert.Matches("^[0-9a-f]{64}$", query["X-Amz-Signature"]!);
        Assert.InRange(int.Parse(query["X-Amz-Expires"]!), 895, 900);
        Assert.InRange(stream.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(880), DateTimeOffset.UtcNow.AddSeconds(920));
    }
}
