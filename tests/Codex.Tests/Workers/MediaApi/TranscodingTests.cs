using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Codex.Contracts;
using Codex.Contracts.Media;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.MediaApi;

/// <summary>
/// The Media-API's transcoding (CONTRACT.md, "Creator side (v2)"): real files through Debian's ffmpeg to <c>ready</c>,
/// the signed callback, status and retry by role, lost and overdue runs.
/// </summary>
[Collection(TranscodingCollection.Name)]
public sealed class TranscodingTests(TranscodingFixture fixture)
{
    private readonly TranscodingData _uploads = new(fixture);
    private readonly HttpClient _client = fixture.Client(Role.MediaApi);

    // --- real files --------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("transcode-h264-aac-no-faststart.mp4", "video", ".mp4", ".jpg")]
    [InlineData("transcode-h264-aac-faststart.mp4", "video", null, ".jpg")]
    [InlineData("transcode-vp8-vorbis.webm", "video", ".mp4", ".jpg")]
    [InlineData("transcode-mpeg4-aac.mov", "video", ".mp4", ".jpg")]
    [InlineData("transcode-tone.wav", "audio", ".m4a", ".png")]
    [InlineData("transcode-tone.flac", "audio", ".m4a", ".png")]
    [InlineData("transcode-tone.mp3", "audio", null, ".png")]
    public async Task AQueuedUpload_BecomesReady_WithDurationDimensionsThumbnail_AndARenditionWhenNotWebPlayable(
        string sample, string kind, string? rendition, string thumbnail)
    {
        var (org, creator, uploaded) = await _uploads.UploadAsync(sample);
        var item = await _uploads.Data.ContentAsync(org, creator, "Plays it", kind == "video" ? ContentType.Video : ContentType.Audio, body: null);
        await using (var db = fixture.Db())
        {
            await db.Content.Where(c => c.Id == item.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.MediaId, uploaded.Id).SetProperty(c => c.DurationSeconds, (int?)null));
        }

        var (media, job) = await _uploads.SettledAsync(uploaded.Id, MediaStatus.Ready);

        Assert.Equal((TranscodingJobStatus.Succeeded, 1, 100), (job.Status, job.Attempts, job.Progress));
        Assert.Equal(2, media.DurationSeconds);
        Assert.Null(media.Error);
        if (kind == "video") Assert.Equal((160, 120), (media.Width, media.Height));
        else Assert.Equal((null, null), (media.Width, media.Height));
        Assert.NotNull(media.ThumbnailKey);
        Assert.EndsWith(thumbnail, media.ThumbnailKey);
        Assert.True(new FileInfo(StorePath(media.ThumbnailKey)).Length > 0, "the thumbnail is in the store");
        if (rendition is null)
        {
            Assert.Equal(uploaded.StorageKey, media.StorageKey); // already web-playable: streams as uploaded
        }
        else
        {
            Assert.EndsWith(rendition, media.StorageKey);
            Assert.False(File.Exists(StorePath(uploaded.StorageKey)), "the replaced upload is deleted");
            Assert.Equal(kind == "video" ? "video/mp4" : "audio/mp4", media.MimeType);
            var probe = await ProbeAsync(StorePath(media.StorageKey));
            Assert.Equal("aac", probe.Audio);
            if (kind == "video") Assert.Equal("h264", probe.Video);
            else Assert.Null(probe.Video);
            Assert.True(IndexFirst(StorePath(media.StorageKey)), "the rendition is faststart (moov before mdat)");
            Assert.Equal(new FileInfo(StorePath(media.StorageKey)).Length, media.SizeBytes);
        }
        await using var check = fixture.Db();
        Assert.Equal(2, (await check.Content.AsNoTracking().SingleAsync(c => c.Id == item.Id)).DurationSeconds);
    }

    [Fact]
    public async Task ABrokenFile_FailsAfterThreeAttempts_WithAnError_AndARetryIsThen409()
    {
        var (_, creator, uploaded) = await _uploads.UploadAsync("transcode-broken.mp4");

        var (media, job) = await _uploads.SettledAsync(uploaded.Id, MediaStatus.Failed);

        Assert.Equal((TranscodingJobStatus.Failed, 3), (job.Status, job.Attempts));
        Assert.Contains("could not be read as audio or video", media.Error);
        var retry = await SendAsync(HttpMethod.Post, $"/api/transcoding/retry/{uploaded.Id}", await _uploads.Data.SessionCookieAsync(creator));
        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        Assert.Equal(ErrorCodes.Conflict, (await retry.ErrorAsync()).Code);
    }

    [Fact]
    public async Task ARunInterruptedByACrash_IsQueuedAgainBySweep_AndCompletes()
    {
        var longAgo = fixture.Clock.GetUtcNow().AddMinutes(-10);
        var (_, _, uploaded) = await _uploads.UploadAsync("transcode-tone.wav", TranscodingJobStatus.Running, attempts: 1,
            mediaStatus: MediaStatus.Transcoding, startedAt: longAgo, updatedAt: longAgo);

        var (media, job) = await _uploads.SettledAsync(uploaded.Id, MediaStatus.Ready);

        Assert.Equal((TranscodingJobStatus.Succeeded, 2), (job.Status, job.Attempts));
        Assert.Equal(2, media.DurationSeconds);
    }

    [Fact]
    public async Task ARunStartedLongerAgoThanTheJobTimeout_IsFailedBySweep()
    {
        var now = fixture.Clock.GetUtcNow();
        var (_, _, uploaded) = await _uploads.UploadAsync("transcode-tone.wav", TranscodingJobStatus.Running, attempts: 1,
            mediaStatus: MediaStatus.Transcoding, startedAt: now.AddHours(-2), updatedAt: now.AddSeconds(30));

        var (media, job) = await _uploads.SettledAsync(uploaded.Id, MediaStatus.Failed);

        Assert.Equal((TranscodingJobStatus.Failed, 1), (job.Status, job.Attempts));
        Assert.Contains("took longer than", media.Error);
    }

    // --- the callback ------------------------------------------------------------------------------------------------

    public enum BadSignature { Missing, WrongSecret, Stale, FromTheFuture, Garbled, OtherBody }

    [Theory]
    [InlineData(BadSignature.Missing)]
    [InlineData(BadSignature.WrongSecret)]
    [InlineData(BadSignature.Stale)]
    [InlineData(BadSignature.FromTheFuture)]
    [InlineData(BadSignature.Garbled)]
    [InlineData(BadSignature.OtherBody)]
    public async Task Callback_WithABadSignature_Is401_AndChangesNothing(BadSignature bad)
    {
        var (_, _, uploaded) = await ParkedAsync();
        var body = Body(new { mediaId = uploaded.Id, status = "ready", durationSeconds = 42.0, width = 640, height = 360 });
        var now = fixture.Clock.GetUtcNow().ToUnixTimeSeconds();
        string? header = bad switch
        {
            BadSignature.Missing => null,
            BadSignature.WrongSecret => Signature(body, now, "another-secret"),
            BadSignature.Stale => Signature(body, now - 301), // only staler by the time it arrives
            BadSignature.FromTheFuture => Signature(body, now + 360), // a minute beyond: the clock moves on while a loaded machine sends it
            BadSignature.Garbled => "t=abc,v1=zz",
            BadSignature.OtherBody => Signature(Body(new { mediaId = uploaded.Id, status = "failed" }), now),
            _ => throw new ArgumentOutOfRangeException(nameof(bad)),
        };

        var response = await CallbackAsync(body, header);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(ErrorCodes.Unauthorized, (await response.ErrorAsync()).Code);
        var (media, job) = await _uploads.StateAsync(uploaded.Id);
        Assert.Equal((MediaStatus.Transcoding, null, TranscodingJobStatus.Running), (media.Status, media.DurationSeconds, job.Status));
    }

    [Fact]
    public async Task Callback_SignedWithin300Seconds_IsApplied_RepeatsAreNoOps_AndALateFailedNeverOverridesReady()
    {
        var (_, _, uploaded) = await ParkedAsync();
        var ready = Body(new { mediaId = uploaded.Id, status = "ready", durationSeconds = 41.6, width = 640, height = 360 });

        var first = await CallbackAsync(ready, Signature(ready, fixture.Clock.GetUtcNow().ToUnixTimeSeconds() - 290));
        var repeat = await CallbackAsync(ready, Signature(ready, fixture.Clock.GetUtcNow().ToUnixTimeSeconds()));
        var other = Body(new { mediaId = uploaded.Id, status = "ready", durationSeconds = 7.0, width = 10, height = 10 });
        var otherReady = await CallbackAsync(other, Signature(other, fixture.Clock.GetUtcNow().ToUnixTimeSeconds()));
        var failed = Body(new { mediaId = uploaded.Id, status = "failed", error = "late" });
        var lateFailure = await CallbackAsync(failed, Signature(failed, fixture.Clock.GetUtcNow().ToUnixTimeSeconds()));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK],
            new[] { first.StatusCode, repeat.StatusCode, otherReady.StatusCode, lateFailure.StatusCode });
        var changed = await Task.WhenAll(new[] { first, repeat, otherReady, lateFailure }.Select(ChangedAsync));
        Assert.Equal(new[] { true, false, false, false }, changed);
        var (media, job) = await _uploads.StateAsync(uploaded.Id);
        Assert.Equal((MediaStatus.Ready, 42, 640, 360, (string?)null), (media.Status, media.DurationSeconds, media.Width, media.Height, media.Error));
        Assert.Equal(uploaded.StorageKey, media.StorageKey);
        Assert.Equal(TranscodingJobStatus.Succeeded, job.Status);
    }

    [Fact]
    public async Task Callback_Failed_RequeuesWithBackoff_KeepingTheMediaTranscoding_AndARepeatIsANoOp()
    {
        var (_, _, uploaded) = await ParkedAsync(attempts: 1);
        var failed = Body(new { mediaId = uploaded.Id, status = "failed", error = "boom" });
        var before = fixture.Clock.GetUtcNow();

        var first = await CallbackAsync(failed, Signature(failed, fixture.Clock.GetUtcNow().ToUnixTimeSeconds()));
        var (media, job) = await _uploads.StateAsync(uploaded.Id);
        var repeat = await CallbackAsync(failed, Signature(failed, fixture.Clock.GetUtcNow().ToUnixTimeSeconds()));

        Assert.True(await ChangedAsync(first));
        Assert.False(await ChangedAsync(repeat));
        Assert.Equal((TranscodingJobStatus.Queued, 1, "boom"), (job.Status, job.Attempts, job.LastError));
        Assert.True(job.NextAttemptAt >= before.AddSeconds(1.5), "the retry waits Media:RetryDelay (2 s here)");
        Assert.Equal((MediaStatus.Transcoding, (string?)null), (media.Status, media.Error));
    }

    [Fact]
    public async Task Callback_WithABadBody_Is400_OnceSigned()
    {
        var (_, _, uploaded) = await ParkedAsync();
        var body = Body(new { mediaId = uploaded.Id, status = "done", outputKey = "../../etc/passwd" });

        var response = await CallbackAsync(body, Signature(body, fixture.Clock.GetUtcNow().ToUnixTimeSeconds()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["outputKey", "status"], (await response.FieldErrorsAsync()).Order());
    }

    // --- status and retry --------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(Who.Anonymous, HttpStatusCode.Unauthorized)]
    [InlineData(Who.Customer, HttpStatusCode.Forbidden)]
    [InlineData(Who.Member, HttpStatusCode.Forbidden)]
    [InlineData(Who.OwnerOfAnother, HttpStatusCode.Forbidden)]
    [InlineData(Who.Creator, HttpStatusCode.OK)]
    [InlineData(Who.Admin, HttpStatusCode.OK)]
    [InlineData(Who.Owner, HttpStatusCode.OK)]
    [InlineData(Who.PlatformAdmin, HttpStatusCode.OK)]
    public async Task StatusAndRetry_ByCaller_AnswerByTheirRoleInTheOrganization(Who who, HttpStatusCode expected)
    {
        var (org, _, uploaded) = await _uploads.UploadAsync("transcode-tone.mp3", TranscodingJobStatus.Failed, attempts: 1, mediaStatus: MediaStatus.Failed);
        var cookie = await _uploads.Data.CookieAsync(org, who);

        var status = await SendAsync(HttpMethod.Get, $"/api/transcoding/status/{uploaded.Id}", cookie);
        var statusBody = status.IsSuccessStatusCode ? (await status.ReadAsync<DataEnvelope<TranscodingStatusDto>>()).Data : null;
        var retry = await SendAsync(HttpMethod.Post, $"/api/transcoding/retry/{uploaded.Id}", cookie);

        Assert.Equal((expected, expected), (status.StatusCode, retry.StatusCode));
        if (expected != HttpStatusCode.OK)
        {
            Assert.Equal(expected == HttpStatusCode.Unauthorized ? ErrorCodes.Unauthorized : ErrorCodes.Forbidden, (await retry.ErrorAsync()).Code);
            Assert.Equal(TranscodingJobStatus.Failed, (await _uploads.StateAsync(uploaded.Id)).Job.Status);
            return;
        }
        Assert.Equal(new TranscodingStatusDto(MediaStatus.Failed, 0, 1, "Earlier failure.", TranscodingJobStatus.Failed, null), statusBody);
        var retried = (await retry.ReadAsync<DataEnvelope<TranscodingStatusDto>>()).Data;
        // The answer reads the job back after queueing it: the runner (polling every 200 ms) may have claimed it already.
        Assert.InRange(retried.Attempts, 1, 2);
        Assert.NotEqual(MediaStatus.Failed, retried.Status);
        var (media, job) = await _uploads.SettledAsync(uploaded.Id, MediaStatus.Ready);
        Assert.Equal((TranscodingJobStatus.Succeeded, 2), (job.Status, job.Attempts));
        var after = (await (await SendAsync(HttpMethod.Get, $"/api/transcoding/status/{uploaded.Id}", cookie)).ReadAsync<DataEnvelope<TranscodingStatusDto>>()).Data;
        Assert.Equal((MediaStatus.Ready, 100, 2, (string?)null), (after.Status, after.Progress, after.Attempts, after.Error));
    }

    [Theory]
    [InlineData(TranscodingJobStatus.Failed, 3)]
    [InlineData(TranscodingJobStatus.Succeeded, 1)]
    [InlineData(TranscodingJobStatus.Running, 1)]
    public async Task Retry_AfterThreeAttempts_OrOfAJobThatHasNotFailed_Is409(TranscodingJobStatus status, int attempts)
    {
        var (_, creator, uploaded) = await _uploads.UploadAsync("transcode-tone.mp3", status, attempts,
            status == TranscodingJobStatus.Failed ? MediaStatus.Failed : status == TranscodingJobStatus.Succeeded ? MediaStatus.Ready : MediaStatus.Transcoding,
            startedAt: fixture.Clock.GetUtcNow());

        var retry = await SendAsync(HttpMethod.Post, $"/api/transcoding/retry/{uploaded.Id}", await _uploads.Data.SessionCookieAsync(creator));

        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        Assert.Equal(ErrorCodes.Conflict, (await retry.ErrorAsync()).Code);
        Assert.Equal((status, attempts), ((await _uploads.StateAsync(uploaded.Id)).Job.Status, (await _uploads.StateAsync(uploaded.Id)).Job.Attempts));
    }

    [Fact]
    public async Task Status_OfUnknownMedia_Is404_AndOfAMalformedId_400()
    {
        var (_, creator, _) = await ParkedAsync();
        var cookie = await _uploads.Data.SessionCookieAsync(creator);

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"/api/transcoding/status/{Guid.NewGuid()}", cookie)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Get, "/api/transcoding/status/nope", cookie)).StatusCode);
    }

    // --- helpers -----------------------------------------------------------------------------------------------------

    /// <summary>An upload whose job looks claimed (running, its heartbeat fresh), so that only the test's callbacks move it.</summary>
    private async Task<(Organization Org, User Creator, MediaItem Media)> ParkedAsync(int attempts = 1)
    {
        var now = fixture.Clock.GetUtcNow();
        // updatedAt far ahead: the lost-run sweep leaves it alone for the test's duration.
        var parked = await _uploads.UploadAsync("transcode-tone.mp3", TranscodingJobStatus.Running, attempts, MediaStatus.Transcoding,
            startedAt: now, updatedAt: now.AddHours(1));
        return parked;
    }

    private string StorePath(string key) => Path.Combine(fixture.DataPath, "media", key);

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? cookie)
    {
        var request = new HttpRequestMessage(method, path);
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        return _client.SendAsync(request);
    }

    private static byte[] Body(object value) => JsonSerializer.SerializeToUtf8Bytes(value);

    /// <summary>The contract's signature, computed here independently of the worker's code.</summary>
    private static string Signature(byte[] body, long unixSeconds, string secret = TranscodingFixture.Secret)
    {
        var signed = Encoding.ASCII.GetBytes($"{unixSeconds}.").Concat(body).ToArray();
        return $"t={unixSeconds},v1={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed))}";
    }

    private Task<HttpResponseMessage> CallbackAsync(byte[] body, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/transcoding/callback") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        if (signature is not null) request.Headers.Add("X-Codex-Signature", signature);
        return _client.SendAsync(request);
    }

    private static async Task<bool> ChangedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        Assert.True(doc.RootElement.TryGetProperty("data", out var data), $"{(int)response.StatusCode}: {text}");
        return data.GetProperty("changed").GetBoolean();
    }

    /// <summary>The first video and audio codec of a file, by Debian's ffprobe.</summary>
    public static async Task<(string? Video, string? Audio)> ProbeAsync(string path)
    {
        var start = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-v", "error", "-show_entries", "stream=codec_type,codec_name", "-of", "json", path }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        using var doc = JsonDocument.Parse(output);
        var streams = doc.RootElement.GetProperty("streams").EnumerateArray()
            .Select(s => (Type: s.GetProperty("codec_type").GetString(), Codec: s.GetProperty("codec_name").GetString())).ToList();
        return (streams.FirstOrDefault(s => s.Type == "video").Codec, streams.FirstOrDefault(s => s.Type == "audio").Codec);
    }

    /// <summary>Whether the MP4's top-level <c>moov</c> box comes before <c>mdat</c>.</summary>
    public static bool IndexFirst(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var boxes = new List<string>();
        for (long i = 0; i + 8 <= bytes.Length;)
        {
            var size = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan((int)i));
            boxes.Add(Encoding.ASCII.GetString(bytes, (int)i + 4, 4));
            if (size == 1) size = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan((int)i + 8));
            if (size < 8) break;
            i += size;
        }
        return boxes.IndexOf("moov") is >= 0 and var moov && (boxes.IndexOf("mdat") is var mdat && (mdat < 0 || moov < mdat));
    }
}

/// <summary>Without ffmpeg on the machine, media fails with a clear error and nothing else breaks.</summary>
[Collection(NoFfmpegCollection.Name)]
public sealed class TranscodingWithoutFfmpegTests(NoFfmpegFixture fixture)
{
    private readonly TranscodingData _uploads = new(fixture);

    [Fact]
    public async Task AnUpload_Fails_SayingFfmpegIsMissing_AndTheWorkerStaysHealthy()
    {
        var (_, _, uploaded) = await _uploads.UploadAsync("transcode-h264-aac-no-faststart.mp4");

        var (media, job) = await _uploads.SettledAsync(uploaded.Id, MediaStatus.Failed);

        Assert.StartsWith("ffmpeg is not installed on this machine", media.Error);
        Assert.Equal((TranscodingJobStatus.Failed, 1), (job.Status, job.Attempts)); // not retried on its own: a manual retry may follow
        Assert.True(File.Exists(Path.Combine(fixture.DataPath, "media", uploaded.StorageKey)), "the upload is kept");
        Assert.True(File.Exists(Path.Combine(fixture.DataPath, "media-callback-secret")), "the callback secret was generated into the data folder");
        var client = fixture.Client(Role.MediaApi);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}

/// <summary>A run longer than <c>Media:JobTimeout</c> is failed and its process killed.</summary>
[Collection(HangingFfmpegCollection.Name)]
public sealed class TranscodingTimeoutTests(HangingFfmpegFixture fixture)
{
    private readonly TranscodingData _uploads = new(fixture);

    [Fact]
    public async Task ARunLongerThanTheJobTimeout_IsFailed_AndItsFfmpegKilled()
    {
        var (_, _, uploaded) = await _uploads.UploadAsync("transcode-tone.wav");

        var (media, job) = await _uploads.SettledAsync(uploaded.Id, MediaStatus.Failed, TimeSpan.FromSeconds(30));

        Assert.Contains("took longer than 00:00:02", media.Error);
        Assert.Equal((TranscodingJobStatus.Failed, 1), (job.Status, job.Attempts));
        var pid = int.Parse((await File.ReadAllTextAsync(fixture.PidFile)).Trim());
        await Eventually.TrueAsync(() => !Directory.Exists($"/proc/{pid}") || File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] == "Z",
            "the hanging ffmpeg to be killed", TimeSpan.FromSeconds(5));
    }
}
