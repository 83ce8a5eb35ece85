using System.Net;
using System.Net.Sockets;
using System.Text;
using Codex.Contracts;
using Codex.Contracts.Content;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.ContentApi;

/// <summary>
/// <c>POST /api/media</c> on a real Kestrel: real small media files of every accepted kind, type decided by content,
/// the size limit, a dropped connection, and who may upload. After a refused or broken upload, nothing is stored.
/// </summary>
[Collection(MediaCollection.Name)]
public sealed class UploadMediaTests(MediaFixture fixture)
{
    private readonly MediaApi _api = new(fixture);

    public static TheoryData<string, MediaKind, string> Kinds => new()
    {
        { "clip.mp4", MediaKind.Video, "video/mp4" },
        { "clip.mov", MediaKind.Video, "video/quicktime" },
        { "clip.webm", MediaKind.Video, "video/webm" },
        { "clip.m4a", MediaKind.Audio, "audio/mp4" },
        { "clip.mp3", MediaKind.Audio, "audio/mpeg" },
        { "clip.wav", MediaKind.Audio, "audio/wav" },
        { "clip.ogg", MediaKind.Audio, "audio/ogg" },
        { "clip.flac", MediaKind.Audio, "audio/flac" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Post_ARealFileOfEachKind_Is201_WithTheSniffedType_AStoredFile_AndAQueuedJob(string name, MediaKind kind, string mimeType)
    {
        var (org, creator, cookie) = await _api.StudioAsync();
        var bytes = MediaFiles.Bytes(name);

        // The claimed type and the name say nothing true: only the content counts.
        var file = new ByteArrayContent(bytes) { Headers = { ContentType = new("text/plain") } };
        var response = await _api.UploadAsync(cookie, MediaFiles.Form(org.Id, file, fileName: "My Recording." + (kind == MediaKind.Video ? "txt" : "doc")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dto = (await response.ReadAsync<DataEnvelope<MediaDto>>()).Data;
        Assert.Equal((org.Id, creator.Id, "My Recording", kind, mimeType), (dto.OrganizationId, dto.CreatorId, dto.Title, dto.MediaType, dto.MimeType));
        Assert.Equal((bytes.Length, MediaStatus.Uploaded), (dto.SizeBytes, dto.Status));
        Assert.Null(dto.ThumbnailUrl);
        Assert.Equal(dto.CreatedAt, dto.UpdatedAt);
        await using var db = fixture.Db();
        var media = await db.Media.SingleAsync(m => m.Id == dto.Id);
        var extension = Path.GetExtension(name);
        Assert.Equal($"uploads/{org.Id:N}/{dto.Id:N}/source{extension}", media.StorageKey);
        Assert.Equal("My Recording." + (kind == MediaKind.Video ? "txt" : "doc"), media.OriginalFileName);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(fixture.DataPath, "media", media.StorageKey)));
        var job = await db.TranscodingJobs.SingleAsync(j => j.MediaId == dto.Id);
        Assert.Equal((TranscodingJobStatus.Queued, 0), (job.Status, job.Attempts));
        Assert.Equal(fixture.Clock.GetUtcNow(), job.NextAttemptAt, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Post_WithATitle_KeepsIt_Trimmed()
    {
        var (org, _, cookie) = await _api.StudioAsync();

        var response = await _api.UploadAsync(cookie, MediaFiles.Form(org.Id, MediaFiles.Bytes("clip.mp3"), "x.mp3", title: "  Episode 1  "));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Episode 1", (await response.ReadAsync<DataEnvelope<MediaDto>>()).Data.Title);
    }

    [Fact]
    public async Task Post_ATextFileNamedMp4_Is400OnFile_AndStoresNothing()
    {
        var (org, _, cookie) = await _api.StudioAsync();
        var text = Encoding.UTF8.GetBytes("This is not a video, whatever its name says.\n");

        var response = await _api.UploadAsync(cookie, MediaFiles.Form(org.Id, new ByteArrayContent(text) { Headers = { ContentType = new("video/mp4") } }, "movie.mp4"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["file"], await response.FieldErrorsAsync());
        await _api.AssertNothingStoredAsync(org);
    }

    [Fact]
    public async Task Post_AnEmptyFile_Is400OnFile()
    {
        var (org, _, cookie) = await _api.StudioAsync();

        var response = await _api.UploadAsync(cookie, MediaFiles.Form(org.Id, Array.Empty<byte>(), "empty.mp4"));

        Assert.Equal(["file"], await response.FieldErrorsAsync());
        await _api.AssertNothingStoredAsync(org);
    }

    [Fact]
    public async Task Post_AtExactlyTheLimit_Is201_OneByteOver_Is413_AndStoresNothing()
    {
        var (org, _, cookie) = await _api.StudioAsync();

        var atLimit = await _api.UploadAsync(cookie, MediaFiles.Form(org.Id, MediaApi.Mp4Of(MediaFixture.MaxUploadBytes)));
        Assert.Equal(HttpStatusCode.Created, atLimit.StatusCode);
        var (other, _, otherCookie) = await _api.StudioAsync();
        var over = await _api.UploadAsync(otherCookie, MediaFiles.Form(other.Id, MediaApi.Mp4Of(MediaFixture.MaxUploadBytes + 1)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
        Assert.Equal(ErrorCodes.PayloadTooLarge, (await over.ErrorAsync()).Code);
        await _api.AssertNothingStoredAsync(other);
    }

    [Fact]
    public async Task Post_WithAContentLengthFarOverTheLimit_Is413BeforeTheBodyIsRead()
    {
        var (org, _, cookie) = await _api.StudioAsync();

        var answer = await RawHttp.PostOversizedAsync(fixture.System.Urls[Role.ContentApi], "/api/media", "multipart/form-data; boundary=b",
            claimedLength: 50L * 1024 * 1024, new Dictionary<string, string> { ["Cookie"] = cookie }, bodyStart: "--b\r\n");

        Assert.Equal(413, answer.Status);
        Assert.Contains(ErrorCodes.PayloadTooLarge, answer.Body);
        await _api.AssertNothingStoredAsync(org);
    }

    [Fact]
    public async Task Post_WhoseConnectionDropsHalfway_LeavesNoFileAndNoRow()
    {
        var (org, _, cookie) = await _api.StudioAsync();
        var form = MediaFiles.Form(org.Id, MediaApi.Mp4Of(200_000));
        var body = await form.ReadAsByteArrayAsync();
        var server = fixture.System.Urls[Role.ContentApi];

        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(server.Host, server.Port);
            var stream = tcp.GetStream();
            var head = $"POST /api/media HTTP/1.1\r\nHost: {server.Authority}\r\nCookie: {cookie}\r\n" +
                $"Content-Type: {form.Headers.ContentType}\r\nContent-Length: {body.Length}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
            await stream.FlushAsync();
            // The store has started writing the file: only then is dropping the connection the case under test.
            await MediaApi.EventuallyAsync(() => fixture.FilesOf(org).Length > 0, "the upload never reached the store");
            tcp.Client.LingerState = new LingerOption(true, 0); // a reset, as a crashed browser or a cut network gives
        }

        await MediaApi.EventuallyAsync(() => fixture.FilesOf(org).Length == 0, "a partial file was left behind");
        await _api.AssertNothingStoredAsync(org);
    }

    [Fact]
    public async Task Post_WithoutAFile_OrWithTheOrganizationAfterTheFile_OrABadOrganization_Is400()
    {
        var (org, _, cookie) = await _api.StudioAsync();
        var noFile = new MultipartFormDataContent { { new StringContent(org.Id.ToString()), "organizationId" } };
        var orgLast = new MultipartFormDataContent();
        orgLast.Add(new ByteArrayContent(MediaFiles.Bytes("clip.mp3")), "file", "a.mp3");
        orgLast.Add(new StringContent(org.Id.ToString()), "organizationId");
        var notJsonButForm = new StringContent("{}", Encoding.UTF8, "application/json");

        Assert.Equal(["file"], await (await _api.UploadAsync(cookie, noFile)).FieldErrorsAsync());
        Assert.Equal(["organizationId"], await (await _api.UploadAsync(cookie, orgLast)).FieldErrorsAsync());
        Assert.Equal(["organizationId"], await (await _api.UploadAsync(cookie, MediaFiles.Form(null, MediaFiles.Bytes("clip.mp3")))).FieldErrorsAsync());
        var badId = new MultipartFormDataContent { { new StringContent("not-a-uuid"), "organizationId" } };
        Assert.Equal(["organizationId"], await (await _api.UploadAsync(cookie, badId)).FieldErrorsAsync());
        Assert.Equal(["file"], await (await _api.UploadAsync(cookie, notJsonButForm)).FieldErrorsAsync());
        Assert.Equal(["title"], await (await _api.UploadAsync(cookie, MediaFiles.Form(org.Id, MediaFiles.Bytes("clip.mp3"), title: new string('t', 501)))).FieldErrorsAsync());
        await _api.AssertNothingStoredAsync(org);
    }

    [Fact]
    public async Task Post_ForAnUnknownOrganization_Is404()
    {
        var (_, _, cookie) = await _api.StudioAsync();

        var response = await _api.UploadAsync(cookie, MediaFiles.Form(Guid.NewGuid(), MediaFiles.Bytes("clip.mp3")));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, (await response.ErrorAsync()).Code);
    }

    [Theory]
    [InlineData(Who.Anonymous, HttpStatusCode.Unauthorized)]
    [InlineData(Who.Customer, HttpStatusCode.Forbidden)]
    [InlineData(Who.Member, HttpStatusCode.Forbidden)]
    [InlineData(Who.OwnerOfAnother, HttpStatusCode.Forbidden)]
    [InlineData(Who.Creator, HttpStatusCode.Created)]
    [InlineData(Who.Admin, HttpStatusCode.Created)]
    [InlineData(Who.Owner, HttpStatusCode.Created)]
    [InlineData(Who.PlatformAdmin, HttpStatusCode.Created)]
    public async Task Post_ByCaller_AnswersByTheirRoleInTheOrganization(Who who, HttpStatusCode status)
    {
        var org = await _api.Data.OrganizationAsync();

        var response = await _api.UploadAsync(await _api.CookieAsync(org, who), MediaFiles.Form(org.Id, MediaFiles.Bytes("clip.ogg"), "a.ogg"));

        Assert.Equal(status, response.StatusCode);
        if (status != HttpStatusCode.Created)
        {
            Assert.Equal(MediaApi.CodeOf(status), (await response.ErrorAsync()).Code);
            await _api.AssertNothingStoredAsync(org);
        }
    }

    [Fact]
    public async Task AnUploadedFile_OnceReady_StreamsThroughTheSignedUrl()
    {
        var (org, creator, cookie) = await _api.StudioAsync();
        var bytes = MediaFiles.Bytes("clip.mp4");
        var dto = (await (await _api.UploadAsync(cookie, MediaFiles.Form(org.Id, bytes))).ReadAsync<DataEnvelope<MediaDto>>()).Data;
        var item = await _api.Data.ContentAsync(org, creator, "Clip", ContentType.Video, body: null);
        await using (var db = fixture.Db())
        {
            await db.Media.Where(m => m.Id == dto.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MediaStatus.Ready));
            await db.Content.Where(c => c.Id == item.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.MediaId, dto.Id));
        }

        var stream = await _api.SendAsync(HttpMethod.Get, $"/api/access/content/{item.Id}/stream", cookie: null);
        var url = (await stream.ReadAsync<DataEnvelope<StreamingUrlDto>>()).Data.StreamingUrl;
        var file = await _api.SendAsync(HttpMethod.Get, new Uri(url).PathAndQuery, cookie: null);

        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("video/mp4", file.Content.Headers.ContentType!.MediaType);
        Assert.Equal(bytes, await file.Content.ReadAsByteArrayAsync());
    }
}
