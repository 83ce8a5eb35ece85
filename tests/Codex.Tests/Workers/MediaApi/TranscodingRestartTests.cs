using Codex.Contracts;
using Codex.Data;
using Codex.Host;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.MediaApi;

/// <summary>
/// A transcoding job interrupted by a restart completes after it: the Media-API is stopped in the middle of a run
/// (its ffmpeg still busy), started again on the same database and files, and the job is taken up and finished.
/// </summary>
public sealed class TranscodingRestartTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "codex-tests", "restart-" + Guid.NewGuid().ToString("N"));
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private Task<CodexSystem> StartAsync(string ffmpeg)
    {
        TestLogging.EnsureConfigured();
        return CodexSystem.StartAsync(new SystemOptions
        {
            Roles = [Role.MediaApi],
            DynamicPorts = true,
            EnvironmentName = "Testing",
            Settings = new Dictionary<string, string?>
            {
                ["ConnectionStrings:Codex"] = _database.ConnectionString,
                ["Codex:DataPath"] = _folder,
                ["Codex:SeedDemoData"] = "false",
                ["Serilog:MinimumLevel:Default"] = "Warning",
                ["Media:FfmpegPath"] = ffmpeg,
                ["Media:FfprobePath"] = "ffprobe",
                ["Media:PollInterval"] = "00:00:00.200",
            },
        });
    }

    [Fact]
    public async Task ARunCutShortByAStop_IsTakenUpAfterTheRestart_AndCompletes()
    {
        // An "ffmpeg" that says it started, then takes its time: the worker is stopped while it runs.
        var slow = Path.Combine(_folder, "slow", "ffmpeg");
        var started = slow + ".started";
        Directory.CreateDirectory(Path.GetDirectoryName(slow)!);
        await File.WriteAllTextAsync(slow, $"#!/bin/sh\ntouch '{started}'\nexec sleep 120\n");
        File.SetUnixFileMode(slow, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var first = await StartAsync(slow);

        var mediaId = Guid.NewGuid();
        await using (var db = CodexDatabase.Create(_database.ConnectionString))
        {
            var now = DateTimeOffset.UtcNow;
            var org = new Organization { Id = Guid.NewGuid(), Slug = "restart-" + mediaId.ToString("N")[..8], Name = "Restart", CreatedAt = now, UpdatedAt = now };
            var creator = new User { Id = Guid.NewGuid(), Email = $"r-{mediaId:N}@example.test", Name = "Creator", PasswordHash = "x", CreatedAt = now, UpdatedAt = now };
            var key = $"uploads/{org.Id:N}/{mediaId:N}/source.mp4";
            var path = Path.Combine(_folder, "media", key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Copy(TranscodingData.Sample("transcode-h264-aac-no-faststart.mp4"), path);
            db.AddRange(org, creator);
            db.Media.Add(new MediaItem
            {
                Id = mediaId, OrganizationId = org.Id, CreatorId = creator.Id, Title = "Cut short", Kind = MediaKind.Video,
                Status = MediaStatus.Uploaded, StorageKey = key, MimeType = "video/mp4", SizeBytes = new FileInfo(path).Length,
                CreatedAt = now, UpdatedAt = now,
            });
            db.TranscodingJobs.Add(new TranscodingJob
            {
                Id = Guid.NewGuid(), MediaId = mediaId, Status = TranscodingJobStatus.Queued, NextAttemptAt = now, CreatedAt = now, UpdatedAt = now,
            });
            await db.SaveChangesAsync();
        }

        try
        {
            await Eventually.TrueAsync(() => File.Exists(started), "the first run's ffmpeg to start", TimeSpan.FromSeconds(30));
        }
        finally
        {
            await first.DisposeAsync(); // the stop arrives in the middle of the run
        }
        await using (var db = CodexDatabase.Create(_database.ConnectionString))
        {
            // Stopped cleanly, the run went back to the queue, not counted against the file's three attempts.
            var job = await db.TranscodingJobs.AsNoTracking().SingleAsync(j => j.MediaId == mediaId);
            Assert.Equal((TranscodingJobStatus.Queued, 0), (job.Status, job.Attempts));
            Assert.NotEqual(MediaStatus.Ready, (await db.Media.AsNoTracking().SingleAsync(m => m.Id == mediaId)).Status);
        }

        await using var second = await StartAsync("ffmpeg");

        await Eventually.TrueAsync(async () =>
        {
            await using var db = CodexDatabase.Create(_database.ConnectionString);
            return (await db.Media.AsNoTracking().SingleAsync(m => m.Id == mediaId)).Status == MediaStatus.Ready;
        }, "the media to be ready after the restart", TimeSpan.FromSeconds(90));
        await using (var db = CodexDatabase.Create(_database.ConnectionString))
        {
            var job = await db.TranscodingJobs.AsNoTracking().SingleAsync(j => j.MediaId == mediaId);
            var media = await db.Media.AsNoTracking().SingleAsync(m => m.Id == mediaId);
            Assert.Equal(TranscodingJobStatus.Succeeded, job.Status);
            Assert.NotNull(media.ThumbnailKey);
            Assert.True(media.DurationSeconds > 0);
        }
    }
}
