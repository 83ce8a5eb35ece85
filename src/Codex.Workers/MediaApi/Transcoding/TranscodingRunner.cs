using System.Net.Http.Json;
using System.Text.Json;
using Codex.Contracts.Media;
using Codex.Data;
using Codex.Workers.MediaApi.Callback;
using Codex.Workers.Pipeline;
using Codex.Workers.Pipeline.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Codex.Workers.MediaApi.Transcoding;

/// <summary>Every <see cref="TranscodingOptions.PollInterval"/>: sweeps lost and overdue runs, then transcodes what is due.</summary>
[DisallowConcurrentExecution]
public sealed class TranscodeJob(TranscodingRunner runner) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        await runner.SweepAsync(ct);
        while (!ct.IsCancellationRequested && await runner.RunNextAsync(ct)) { }
    }
}

/// <summary>
/// Claims queued transcoding jobs with one conditional update each (so two replicas never run one job), runs the
/// embedded transcoder (<see cref="Ffmpeg"/>) on a local copy of the upload, saves what it made through the media
/// store, and reports through the signed callback over HTTP, as an external transcoder would.
/// </summary>
public sealed class TranscodingRunner(CodexDbContext db, IServiceScopeFactory scopes, IMediaStore store, Ffmpeg ffmpeg,
    CallbackSigner signer, IHttpClientFactory httpFactory, IServer server, CodexOptions codex, TranscodingOptions options,
    IHostApplicationLifetime lifetime, TimeProvider clock, LiveEvents live, ILogger<TranscodingRunner> logger)
{
    public const string HttpClientName = "media-callback";

    /// <summary>
    /// Fails runs started longer than <see cref="TranscodingOptions.JobTimeout"/> ago (with a grace of one heartbeat
    /// timeout, so a live run times itself out first) and queues again the running jobs whose heartbeat stopped: their
    /// process is gone (a crash, a restart), and the run simply happens again.
    /// </summary>
    public async Task SweepAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var overdue = now - options.JobTimeout - options.HeartbeatTimeout;
        var timedOut = await db.TranscodingJobs.AsNoTracking()
            .Where(j => j.Status == TranscodingJobStatus.Running && j.StartedAt != null && j.StartedAt <= overdue)
            .Select(j => j.MediaId).ToListAsync(ct);
        foreach (var mediaId in timedOut)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<TranscodingOutcomes>().FailedAsync(mediaId, TimedOut(), retryable: false, ct);
        }

        var silentSince = now - options.HeartbeatTimeout;
        var lost = await db.TranscodingJobs.AsNoTracking()
            .Where(j => j.Status == TranscodingJobStatus.Running && j.UpdatedAt <= silentSince)
            .Select(j => new { j.Id, j.MediaId, j.Attempts }).ToListAsync(ct);
        foreach (var job in lost)
        {
            if (job.Attempts >= TranscodingOptions.MaxAttempts)
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<TranscodingOutcomes>().FailedAsync(job.MediaId,
                    $"Transcoding was interrupted {job.Attempts} times (the worker stopped while it ran).", retryable: false, ct);
                continue;
            }
            var requeued = await db.TranscodingJobs
                .Where(j => j.Id == job.Id && j.Status == TranscodingJobStatus.Running && j.Attempts == job.Attempts && j.UpdatedAt <= silentSince)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, TranscodingJobStatus.Queued)
                    .SetProperty(j => j.NextAttemptAt, now)
                    .SetProperty(j => j.Progress, 0)
                    .SetProperty(j => j.LastError, "The previous run was interrupted (the worker stopped while it ran).")
                    .SetProperty(j => j.UpdatedAt, now), ct);
            if (requeued > 0) logger.LogWarning("Transcoding job {JobId} (media {MediaId}) lost its process; queued again", job.Id, job.MediaId);
        }
    }

    /// <summary>Claims and runs the next due job; false when none is due.</summary>
    public async Task<bool> RunNextAsync(CancellationToken ct)
    {
        // A stopping worker claims nothing more: a run it gave back would otherwise be claimed and cut short again, in a
        // loop, until the host gave up waiting (and left the job marked running).
        if (lifetime.ApplicationStopping.IsCancellationRequested) return false;
        var now = clock.GetUtcNow();
        var candidate = await db.TranscodingJobs.AsNoTracking()
            .Where(j => j.Status == TranscodingJobStatus.Queued && j.NextAttemptAt <= now)
            .OrderBy(j => j.NextAttemptAt)
            .Select(j => new { j.Id, j.MediaId, j.Attempts })
            .FirstOrDefaultAsync(ct);
        if (candidate is null) return false;

        var attempt = candidate.Attempts + 1;
        var claimed = await db.TranscodingJobs
            .Where(j => j.Id == candidate.Id && j.Status == TranscodingJobStatus.Queued && j.Attempts == candidate.Attempts)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, TranscodingJobStatus.Running)
                .SetProperty(j => j.Attempts, attempt)
                .SetProperty(j => j.StartedAt, now)
                .SetProperty(j => j.FinishedAt, (DateTimeOffset?)null)
                .SetProperty(j => j.Progress, 0)
                .SetProperty(j => j.UpdatedAt, now), ct);
        if (claimed == 0) return true; // another replica took it: look for the next one
        await db.Media.Where(m => m.Id == candidate.MediaId && m.Status != MediaStatus.Ready).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, MediaStatus.Transcoding)
            .SetProperty(m => m.Error, (string?)null)
            .SetProperty(m => m.UpdatedAt, now), ct);

        await RunAsync(candidate.Id, candidate.MediaId, attempt, ct);
        return true;
    }

    private async Task RunAsync(Guid jobId, Guid mediaId, int attempt, CancellationToken ct)
    {
        var media = await db.Media.AsNoTracking().FirstAsync(m => m.Id == mediaId, ct);
        await live.MediaStatusAsync(media.OrganizationId, mediaId, MediaStatus.Transcoding, 0, ct);
        using var timeout = new CancellationTokenSource(options.JobTimeout, clock);
        using var run = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping, timeout.Token);
        var progress = new ProgressBeat();
        using var beating = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(jobId, media, attempt, progress, beating.Token);
        var work = Path.Combine(Path.GetTempPath(), "codex-transcode", $"{jobId:N}-{attempt}");
        var started = clock.GetTimestamp();
        TranscodingCallbackRequest report;
        try
        {
            Directory.CreateDirectory(work);
            report = await TranscodeAsync(media, work, progress, run.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested && !lifetime.ApplicationStopping.IsCancellationRequested)
        {
            report = Failed(mediaId, TimedOut(), retryable: false);
        }
        catch (OperationCanceledException)
        {
            // The worker is stopping: the run was not the file's fault, so it goes back to the queue uncounted.
            await beating.CancelAsync();
            await heartbeat;
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<CodexDbContext>().TranscodingJobs
                .Where(j => j.Id == jobId && j.Status == TranscodingJobStatus.Running && j.Attempts == attempt)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, TranscodingJobStatus.Queued)
                    .SetProperty(j => j.Attempts, attempt - 1)
                    .SetProperty(j => j.NextAttemptAt, clock.GetUtcNow())
                    .SetProperty(j => j.Progress, 0)
                    .SetProperty(j => j.UpdatedAt, clock.GetUtcNow()), CancellationToken.None);
            logger.LogInformation("Transcoding of media {MediaId} stopped with the worker; queued again", mediaId);
            return;
        }
        catch (FfmpegMissingException e)
        {
            report = Failed(mediaId, e.Message, retryable: false);
        }
        catch (TranscodeFailedException e)
        {
            report = Failed(mediaId, e.Message, retryable: true);
        }
        catch (FileNotFoundException)
        {
            report = Failed(mediaId, "The uploaded file is missing from storage; upload it again.", retryable: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            logger.LogError(e, "Transcoding media {MediaId} failed unexpectedly", mediaId);
            report = Failed(mediaId, "Transcoding failed unexpectedly: " + e.Message, retryable: true);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        await beating.CancelAsync();
        await heartbeat;
        logger.LogInformation("Transcoded media {MediaId} (attempt {Attempt}): {Status} in {Elapsed:0} ms", mediaId, attempt, report.Status,
            clock.GetElapsedTime(started).TotalMilliseconds);
        await CallBackAsync(report, ct);
    }

    private async Task<TranscodingCallbackRequest> TranscodeAsync(MediaItem media, string work, ProgressBeat progress, CancellationToken ct)
    {
        TranscodeOutput output;
        await using (var source = await store.GetLocalFileAsync(media.StorageKey, ct))
            output = await ffmpeg.TranscodeAsync(source.Path, work, p => progress.Value = p, ct);

        var folder = $"transcoded/{media.OrganizationId:D}/{media.Id:D}";
        var thumbnailKey = $"{folder}/thumbnail{Path.GetExtension(output.ThumbnailPath)}";
        await SaveAsync(thumbnailKey, output.ThumbnailPath, output.ThumbnailMimeType, ct);
        string? outputKey = null;
        if (output.RenditionPath is { } rendition)
        {
            outputKey = $"{folder}/web{Path.GetExtension(rendition)}";
            await SaveAsync(outputKey, rendition, output.RenditionMimeType!, ct);
        }
        var probe = output.Probe;
        return new TranscodingCallbackRequest(media.Id, TranscodingOutcome.Ready, probe.DurationSeconds, probe.Width, probe.Height,
            thumbnailKey, outputKey);
    }

    private async Task SaveAsync(string key, string path, string contentType, CancellationToken ct)
    {
        await using var file = File.OpenRead(path);
        await store.SaveAsync(key, file, contentType, ct);
    }

    /// <summary>
    /// Posts the signed result to this worker's own callback route, a few times if it cannot be delivered. When it never
    /// arrives the job stays running without a heartbeat, and the sweep queues it again.
    /// </summary>
    private async Task CallBackAsync(TranscodingCallbackRequest report, CancellationToken ct)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(report, ContractJson.Options);
        var url = new Uri(SelfAddress.Of(Role.MediaApi, codex, server), TranscodingRoutes.Callback);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
                request.Headers.Add(TranscodingSignature.Header, signer.Sign(body, clock.GetUtcNow().ToUnixTimeSeconds()));
                using var response = await httpFactory.CreateClient(HttpClientName).SendAsync(request, ct);
                if (response.IsSuccessStatusCode) return;
                var answer = await response.Content.ReadAsStringAsync(ct);
                logger.LogError("The transcoding callback for media {MediaId} was refused: {Status} {Body}", report.MediaId, (int)response.StatusCode, answer);
                if ((int)response.StatusCode < 500) return; // refused for good: retrying the same bytes will not help
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "The transcoding callback for media {MediaId} could not be delivered (attempt {Attempt})", report.MediaId, attempt);
            }
            if (attempt >= 3) return;
            await Task.Delay(TimeSpan.FromSeconds(attempt), ct);
        }
    }

    /// <summary>
    /// Writes the run's progress, and with it the job's heartbeat, about once a second; the studio's open media pages
    /// hear of each new value (<see cref="LiveEvents.MediaStatusAsync"/>).
    /// </summary>
    private async Task HeartbeatAsync(Guid jobId, MediaItem media, int attempt, ProgressBeat progress, CancellationToken ct)
    {
        var every = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, options.HeartbeatTimeout.Ticks / 4));
        var told = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, ct);
                await using var scope = scopes.CreateAsyncScope();
                var value = progress.Value;
                var running = await scope.ServiceProvider.GetRequiredService<CodexDbContext>().TranscodingJobs
                    .Where(j => j.Id == jobId && j.Status == TranscodingJobStatus.Running && j.Attempts == attempt)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.Progress, value).SetProperty(j => j.UpdatedAt, clock.GetUtcNow()), ct);
                if (running > 0 && value != told) // a run that has ended (ready, failed) says no more "transcoding n %"
                {
                    told = value;
                    await live.MediaStatusAsync(media.OrganizationId, media.Id, MediaStatus.Transcoding, value, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                // A busy database misses one beat; the next one tries again.
                logger.LogWarning(e, "Could not write the progress of transcoding job {JobId}", jobId);
            }
        }
    }

    private string TimedOut() => $"Transcoding took longer than {options.JobTimeout} (Media__JobTimeout) and was stopped.";

    private static TranscodingCallbackRequest Failed(Guid mediaId, string error, bool retryable) =>
        new(mediaId, TranscodingOutcome.Failed, Error: error, Retryable: retryable);

    private sealed class ProgressBeat
    {
        private int _value;
        public int Value { get => Volatile.Read(ref _value); set => Volatile.Write(ref _value, value); }
    }
}
