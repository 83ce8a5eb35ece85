using Codex.Contracts;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.MediaApi;

/// <summary>The Media-API with the machine's ffmpeg, polling every 200 ms and retrying after 2 s (then 4 s), with a known callback secret.</summary>
public sealed class TranscodingFixture : SystemFixture
{
    public const string Secret = "test-callback-secret-0123456789abcdef";
    protected override IReadOnlyList<Role> Roles => [Role.MediaApi];
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Media:CallbackSecret"] = Secret,
        ["Media:PollInterval"] = "00:00:00.200",
        ["Media:RetryDelay"] = "00:00:02",
        ["Media:HeartbeatTimeout"] = "00:00:05",
    };
}

/// <summary>The Media-API on a machine without ffmpeg (<c>Media:FfmpegPath</c> points nowhere), its callback secret generated.</summary>
public sealed class NoFfmpegFixture : SystemFixture
{
    protected override IReadOnlyList<Role> Roles => [Role.MediaApi];
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Media:FfmpegPath"] = "/nonexistent/codex/ffmpeg",
        ["Media:PollInterval"] = "00:00:00.200",
    };
}

/// <summary>
/// The Media-API whose "ffmpeg" is a script that hangs (writing its process id first), with a 2 s job timeout: a run
/// that takes too long is stopped and its process killed.
/// </summary>
public sealed class HangingFfmpegFixture : SystemFixture
{
    public string Script { get; } = Path.Combine(Path.GetTempPath(), "codex-tests", "hang-" + Guid.NewGuid().ToString("N"), "ffmpeg");
    public string PidFile => Script + ".pid";

    protected override IReadOnlyList<Role> Roles => [Role.MediaApi];
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Media:FfmpegPath"] = Script,
        ["Media:FfprobePath"] = "ffprobe",
        ["Media:JobTimeout"] = "00:00:02",
        ["Media:PollInterval"] = "00:00:00.200",
    };

    public override async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Script)!);
        await File.WriteAllTextAsync(Script, $"#!/bin/sh\necho $$ > '{PidFile}'\nexec sleep 120\n");
        File.SetUnixFileMode(Script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await base.InitializeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class TranscodingCollection : ICollectionFixture<TranscodingFixture>
{
    public const string Name = "transcoding";
}

[CollectionDefinition(Name)]
public sealed class NoFfmpegCollection : ICollectionFixture<NoFfmpegFixture>
{
    public const string Name = "no-ffmpeg";
}

[CollectionDefinition(Name)]
public sealed class HangingFfmpegCollection : ICollectionFixture<HangingFfmpegFixture>
{
    public const string Name = "hanging-ffmpeg";
}

/// <summary>Uploads as the Content-API leaves them: a real file in the store, the media <c>uploaded</c>, its job queued.</summary>
public sealed class TranscodingData(SystemFixture fixture)
{
    public TestData Data { get; } = new(fixture);

    /// <summary>The committed sample <paramref name="name"/> (under <c>Fixtures/media</c>).</summary>
    public static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "media", name);

    /// <summary>
    /// <paramref name="sample"/> copied into the store as an upload of a fresh organization, with its media row and a
    /// job in the state given (queued and due by default).
    /// </summary>
    public async Task<(Organization Org, User Creator, MediaItem Media)> UploadAsync(string sample,
        TranscodingJobStatus jobStatus = TranscodingJobStatus.Queued, int attempts = 0, MediaStatus mediaStatus = MediaStatus.Uploaded,
        DateTimeOffset? startedAt = null, DateTimeOffset? updatedAt = null)
    {
        var org = await Data.OrganizationAsync();
        var creator = await Data.UserAsync("Creator", UserRole.Creator);
        await Data.MembershipAsync(org, creator, MemberRole.Creator);
        var id = Guid.NewGuid();
        var key = $"uploads/{org.Id:D}/{id:D}/source{Path.GetExtension(sample)}";
        var path = Path.Combine(fixture.DataPath, "media", key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(Sample(sample), path);
        var now = fixture.Clock.GetUtcNow();
        var audio = Path.GetExtension(sample) is ".wav" or ".flac" or ".mp3";
        var media = new MediaItem
        {
            Id = id, OrganizationId = org.Id, CreatorId = creator.Id, Title = sample, Kind = audio ? MediaKind.Audio : MediaKind.Video,
            Status = mediaStatus, StorageKey = key, MimeType = audio ? "audio/wav" : "video/mp4", SizeBytes = new FileInfo(path).Length,
            OriginalFileName = sample, CreatedAt = now, UpdatedAt = now,
        };
        await using var db = fixture.Db();
        db.Media.Add(media);
        db.TranscodingJobs.Add(new TranscodingJob
        {
            Id = Guid.NewGuid(), MediaId = id, Status = jobStatus, Attempts = attempts, NextAttemptAt = now, StartedAt = startedAt,
            FinishedAt = jobStatus == TranscodingJobStatus.Failed ? now : null, LastError = jobStatus == TranscodingJobStatus.Failed ? "Earlier failure." : null,
            CreatedAt = now, UpdatedAt = updatedAt ?? now,
        });
        await db.SaveChangesAsync();
        return (org, creator, media);
    }

    public async Task<(MediaItem Media, TranscodingJob Job)> StateAsync(Guid mediaId)
    {
        await using var db = fixture.Db();
        var media = await db.Media.AsNoTracking().SingleAsync(m => m.Id == mediaId);
        var job = await db.TranscodingJobs.AsNoTracking().SingleAsync(j => j.MediaId == mediaId);
        return (media, job);
    }

    /// <summary>Waits until the media reaches <paramref name="status"/> and its job is no longer running or queued.</summary>
    public async Task<(MediaItem Media, TranscodingJob Job)> SettledAsync(Guid mediaId, MediaStatus status, TimeSpan? timeout = null)
    {
        await Eventually.TrueAsync(async () =>
        {
            var (media, job) = await StateAsync(mediaId);
            return media.Status == status && job.Status is TranscodingJobStatus.Succeeded or TranscodingJobStatus.Failed;
        }, $"media {mediaId} to be {status}", timeout ?? TimeSpan.FromSeconds(60));
        return await StateAsync(mediaId);
    }
}
