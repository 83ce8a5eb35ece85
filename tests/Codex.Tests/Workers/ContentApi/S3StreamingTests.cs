using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Web;
using Codex.Contracts;
using Codex.Contracts.Content;
using Codex.Tests.Infrastructure;
using Codex.Workers.ContentApi.Access;
using Microsoft.Extensions.Configuration;

namespace Codex.Tests.Workers.ContentApi;

/// <summary>
/// With S3-compatible storage configured, a streaming URL is an AWS SDK presigned GET that the store itself answers:
/// checked against a real server (s3rver) on an http:// endpoint, as MinIO or s3rver are often run.
/// </summary>
[Collection(S3Collection.Name)]
public sealed class S3StreamingTests(S3Fixture fixture)
{
    private async Task<StreamingUrlDto> StreamAsync(Data.ContentItem item, int expirySeconds = 600)
    {
        var response = await fixture.Client(Role.ContentApi).GetAsync($"/api/access/content/{item.Id}/stream?expirySeconds={expirySeconds}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadAsync<DataEnvelope<StreamingUrlDto>>()).Data;
    }

    [Fact]
    public async Task Get_Stream_WithS3Configured_ReturnsAPathStylePresignedGetThatExpiresWhenAsked()
    {
        var (_, item, media) = await fixture.VideoInStoreAsync();

        var stream = await StreamAsync(item, expirySeconds: 900);

        var url = new Uri(stream.StreamingUrl);
        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.Equal(fixture.Origin, url.GetLeftPart(UriPartial.Authority));
        Assert.Equal($"/{fixture.Bucket}/{media.StorageKey}", Uri.UnescapeDataString(url.AbsolutePath));
        Assert.Equal("AWS4-HMAC-SHA256", query["X-Amz-Algorithm"]);
        Assert.StartsWith($"{TestS3Server.AccessKey}/", query["X-Amz-Credential"]);
        Assert.Matches("^[0-9a-f]{64}$", query["X-Amz-Signature"]!);
        // The SDK signs on its clock, corrected by the store's Date header (whole seconds) once the test's upload has
        // talked to it: the URL's own expiry is the one the API reports, to the second.
        var signedAt = DateTimeOffset.ParseExact(query["X-Amz-Date"]!, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var urlExpiresAt = signedAt.AddSeconds(int.Parse(query["X-Amz-Expires"]!));
        Assert.InRange(urlExpiresAt, stream.ExpiresAt.AddSeconds(-1), stream.ExpiresAt.AddSeconds(1));
        Assert.InRange(stream.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(880), DateTimeOffset.UtcNow.AddSeconds(920));
    }

    [Fact]
    public async Task Get_Stream_OnAnHttpEndpoint_IsAnHttpUrl_ThatTheStoreAnswersWithTheAskedRange()
    {
        var (_, item, _) = await fixture.VideoInStoreAsync();

        var url = new Uri((await StreamAsync(item)).StreamingUrl);
        // The endpoint's scheme, not the SDK's default https: nothing answers TLS on an http:// store.
        Assert.Equal(Uri.UriSchemeHttp, url.Scheme);
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Range = new RangeHeaderValue(1000, 1999);
        using var browser = new HttpClient();
        var response = await browser.SendAsync(request);

        var video = S3Fixture.DemoVideo();
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal($"bytes 1000-1999/{video.Length}", response.Content.Headers.ContentRange!.ToString());
        Assert.Equal("video/mp4", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(video[1000..2000], await response.Content.ReadAsByteArrayAsync());
    }
}

/// <summary>The presigned URL itself, made without a store: path-style on the configured endpoint, with its scheme.</summary>
public sealed class S3MediaUrlsTests
{
    [Theory]
    [InlineData("http://minio.internal:9000", "http://minio.internal:9000")]
    [InlineData("https://account.r2.cloudflarestorage.com", "https://account.r2.cloudflarestorage.com")]
    [InlineData(null, "https://s3.eu-west-1.amazonaws.com")]
    public void PresignedGet_IsPathStyle_OnTheEndpointWithItsScheme(string? serviceUrl, string origin)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:S3:ServiceUrl"] = serviceUrl, ["Storage:S3:Bucket"] = "media", ["Storage:S3:Region"] = "eu-west-1",
            ["Storage:S3:AccessKey"] = "KEY", ["Storage:S3:SecretKey"] = "secret",
        }).Build();
        using var urls = new S3MediaUrls(config);

        var url = new Uri(urls.PresignedGet("media/a/video.mp4", DateTimeOffset.UtcNow.AddMinutes(10)));

        Assert.Equal(origin, url.GetLeftPart(UriPartial.Authority));
        Assert.Equal("/media/media/a/video.mp4", url.AbsolutePath);
    }
}
