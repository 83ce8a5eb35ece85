using System.Net;
using System.Net.Http.Headers;
using Codex.Contracts;
using Codex.Contracts.Content;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Workers.ContentApi;

[Collection(ContentAccessCollection.Name)]
public sealed class ServeMediaTests(ContentAccessFixture fixture)
{
    private const int Size = 10_000;
    private static readonly byte[] Bytes = TestData.MediaBytes(Size);
    private readonly AccessClient _api = new(fixture);
    private TestData Data => _api.Data;

    private async Task<string> SignedPathAsync(int expirySeconds = 600)
    {
        var org = await Data.OrganizationAsync();
        var (item, _) = await Data.VideoAsync(org, await Data.UserAsync(), size: Size);
        var response = await _api.GetAsync($"/api/access/content/{item.Id}/stream?expirySeconds={expirySeconds}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return AccessClient.LocalPath((await response.ReadAsync<DataEnvelope<StreamingUrlDto>>()).Data.StreamingUrl);
    }

    private Task<HttpResponseMessage> GetAsync(string path, string? range = null, Action<HttpRequestMessage>? configure = null) =>
        _api.GetAsync(path, configure: request =>
        {
            if (range is not null) request.Headers.Add("Range", range);
            configure?.Invoke(request);
        });

    [Fact]
    public async Task Media_WholeFile_200WithTypeLengthAndCaching()
    {
        var response = await GetAsync(await SignedPathAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Size, response.Content.Headers.ContentLength);
        Assert.Equal("bytes", Assert.Single(response.Headers.AcceptRanges));
        Assert.NotNull(response.Headers.ETag);
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.True(response.Headers.CacheControl!.Private);
        Assert.InRange(response.Headers.CacheControl.MaxAge!.Value.TotalSeconds, 590, 600);
        Assert.Equal(Bytes, await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("bytes=0-99", 0, 99)]
    [InlineData("bytes=5000-5099", 5000, 5099)]
    [InlineData("bytes=-100", Size - 100, Size - 1)]
    [InlineData("bytes=100-", 100, Size - 1)]
    [InlineData("bytes=9990-20000", 9990, Size - 1)]
    public async Task Media_Range_206WithContentRange(string range, int from, int to)
    {
        var response = await GetAsync(await SignedPathAsync(), range);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        var contentRange = response.Content.Headers.ContentRange!;
        Assert.Equal(from, contentRange.From);
        Assert.Equal(to, contentRange.To);
        Assert.Equal(Size, contentRange.Length);
        Assert.Equal(to - from + 1, response.Content.Headers.ContentLength);
        Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Bytes[from..(to + 1)], await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Media_Head_HeadersWithoutBody()
    {
        var response = await _api.SendAsync(HttpMethod.Head, await SignedPathAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Size, response.Content.Headers.ContentLength);
        Assert.Equal("bytes", Assert.Single(response.Headers.AcceptRanges));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Media_FileMissingOnDisk_404()
    {
        var org = await Data.OrganizationAsync();
        var (item, media) = await Data.VideoAsync(org, await Data.UserAsync());
        var response = await _api.GetAsync($"/api/access/content/{item.Id}/stream");
        var path = AccessClient.LocalPath((await response.ReadAsync<DataEnvelope<StreamingUrlDto>>()).Data.StreamingUrl);
        File.Delete(Path.Combine(fixture.DataPath, "media", media.StorageKey));

        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Media_UnsatisfiableRange_416WithContentRangeAndTheEnvelope()
    {
        var response = await GetAsync(await SignedPathAsync(), $"bytes={Size}-{Size + 10}");

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal($"bytes */{Size}", response.Content.Headers.ContentRange?.ToString());
        Assert.Equal(ErrorCodes.ValidationError, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Media_IfRange_MatchingETagGives206_WrongETagGivesFullFile()
    {
        var path = await SignedPathAsync();
        var etag = (await GetAsync(path)).Headers.ETag!;

        var matching = await GetAsync(path, "bytes=0-99", r => r.Headers.IfRange = new RangeConditionHeaderValue(etag));
        var wrong = await GetAsync(path, "bytes=0-99", r => r.Headers.IfRange = new RangeConditionHeaderValue(new EntityTagHeaderValue("\"stale\"")));

        Assert.Equal(HttpStatusCode.PartialContent, matching.StatusCode);
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Equal(Bytes, await wrong.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Media_IfNoneMatch_304()
    {
        var path = await SignedPathAsync();
        var etag = (await GetAsync(path)).Headers.ETag!;

        var response = await GetAsync(path, configure: r => r.Headers.IfNoneMatch.Add(etag));

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    public static TheoryData<string> Alterations() => new()
    {
        "no-sig", "no-exp", "sig-changed", "exp-changed", "id-changed", "garbage-sig",
    };

    [Theory]
    [MemberData(nameof(Alterations))]
    public async Task Media_AlteredUrl_403(string alteration)
    {
        var path = await SignedPathAsync();
        var uri = new Uri("http://x" + path);
        var id = uri.AbsolutePath["/media/".Length..];
        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        var exp = query["exp"]!;
        var sig = query["sig"]!;
        var altered = alteration switch
        {
            "no-sig" => $"/media/{id}?exp={exp}",
            "no-exp" => $"/media/{id}?sig={sig}",
            "sig-changed" => $"/media/{id}?exp={exp}&sig={(sig[0] == 'A' ? 'B' : 'A')}{sig[1..]}",
            "exp-changed" => $"/media/{id}?exp={long.Parse(exp) + 3600}&sig={sig}",
            "id-changed" => $"/media/{Guid.NewGuid()}?exp={exp}&sig={sig}",
            _ => $"/media/{id}?exp={exp}&sig=%%%not-base64",
        };

        var response = await GetAsync(altered);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(ErrorCodes.AccessDenied, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Media_ExpiredUrl_403()
    {
        var path = await SignedPathAsync(expirySeconds: 60);
        Assert.Equal(HttpStatusCode.PartialContent, (await GetAsync(path, "bytes=0-0")).StatusCode);

        fixture.Clock.Advance(TimeSpan.FromSeconds(61));
        var response = await GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(ErrorCodes.AccessDenied, (await response.ErrorAsync()).Code);
    }
}
