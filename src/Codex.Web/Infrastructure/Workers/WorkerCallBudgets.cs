using System.Buffers;
using System.Diagnostics;
using System.Net;
using Codex.ServiceDefaults;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace Codex.Web.Infrastructure.Workers;

/// <summary>What a call to a worker is for, which decides how long it may take and whether it is retried.</summary>
public enum CallBudget
{
    /// <summary>A page read: short, retried on a worker failure (5xx, timeout, refused connection).</summary>
    Read,
    /// <summary>A form's write: longer (a password hash, a payment); retried only when it carries an <c>Idempotency-Key</c>.</summary>
    Form,
    /// <summary>A streamed upload: no total timeout, no retry; it fails when no byte has moved for the idle timeout.</summary>
    Upload,
    /// <summary>
    /// A write that waits for the payment provider (a refund): one attempt as long as the worker's own wait for the
    /// provider, so the site never gives up on an attempt and sends it again while the provider works; retried (with its
    /// <c>Idempotency-Key</c>) only after the worker failed at once.
    /// </summary>
    Payment,
    /// <summary>
    /// A crawler's read of the whole catalogue (the sitemap, ADR 024): counting every published item, or skipping to
    /// the 50,000th, takes a scan that grows with the catalogue, and a crawler can wait where a person cannot. Longer
    /// than <see cref="Read"/>, retried as reads are; the clock stops at the answer's headers, so a streamed body may
    /// take as long as it keeps coming.
    /// </summary>
    Crawl,
}

/// <summary>Time budgets of calls from the site to the workers (section <c>WorkerClients</c>), configured once for all.</summary>
public sealed class WorkerClientOptions
{
    public const string Section = "WorkerClients";

    /// <summary>A page read, retries included: a page never waits longer than this for one worker.</summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>One attempt of a read.</summary>
    public TimeSpan ReadAttemptTimeout { get; set; } = TimeSpan.FromSeconds(1.5);
    public int ReadRetries { get; set; } = 2;
    /// <summary>A crawler's read (<see cref="CallBudget.Crawl"/>), retries included.</summary>
    public TimeSpan CrawlTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>One attempt of a crawler's read.</summary>
    public TimeSpan CrawlAttemptTimeout { get; set; } = TimeSpan.FromSeconds(12);
    /// <summary>A form's write, retries included (the user is looking at a submit button; hashing takes ~0.2 s).</summary>
    public TimeSpan FormTimeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>One attempt of a form's write, so that a hung attempt leaves time for a keyed retry.</summary>
    public TimeSpan FormAttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>Retries of a form write that carries an <c>Idempotency-Key</c> (the worker returns the first answer).</summary>
    public int FormRetries { get; set; } = 2;
    /// <summary>
    /// A payment write, retries included; longer than the Admin-API's wait for the Ecom-API (30 s, AdminWorker) so that the
    /// worker, not the site, decides when the provider is too slow.
    /// </summary>
    public TimeSpan PaymentTimeout { get; set; } = TimeSpan.FromSeconds(40);
    /// <summary>An upload fails when no byte has moved, either way, for this long.</summary>
    public TimeSpan UploadIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>A forwarded request (<c>/media</c>, the test checkout, Stripe's webhook) fails with 504 when the worker sends nothing for this long.</summary>
    public TimeSpan ForwardIdleTimeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>How long calls to a worker are refused at once after it kept failing.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>What is wrong with these settings, one sentence each.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var (name, value) in new[]
                 {
                     (nameof(ReadTimeout), ReadTimeout), (nameof(ReadAttemptTimeout), ReadAttemptTimeout), (nameof(FormTimeout), FormTimeout),
                     (nameof(FormAttemptTimeout), FormAttemptTimeout), (nameof(PaymentTimeout), PaymentTimeout), (nameof(UploadIdleTimeout), UploadIdleTimeout), (nameof(BreakDuration), BreakDuration),
                     (nameof(ForwardIdleTimeout), ForwardIdleTimeout), (nameof(CrawlTimeout), CrawlTimeout), (nameof(CrawlAttemptTimeout), CrawlAttemptTimeout),
                 })
            foreach (var problem in Settings.Positive($"{Section}__{name}", value)) yield return problem;
        if (ReadAttemptTimeout > ReadTimeout)
            yield return $"{Section}__ReadAttemptTimeout ({ReadAttemptTimeout}) is longer than {Section}__ReadTimeout ({ReadTimeout}), which includes every attempt.";
        if (CrawlAttemptTimeout > CrawlTimeout)
            yield return $"{Section}__CrawlAttemptTimeout ({CrawlAttemptTimeout}) is longer than {Section}__CrawlTimeout ({CrawlTimeout}), which includes every attempt.";
        if (FormAttemptTimeout > FormTimeout)
            yield return $"{Section}__FormAttemptTimeout ({FormAttemptTimeout}) is longer than {Section}__FormTimeout ({FormTimeout}), which includes every attempt.";
        foreach (var problem in Settings.AtLeast($"{Section}__ReadRetries", ReadRetries, 0)) yield return problem;
        foreach (var problem in Settings.AtLeast($"{Section}__FormRetries", FormRetries, 0)) yield return problem;
    }
}

/// <summary>
/// The resilience pipelines, chosen per call by the budget the typed client put on the request. A circuit
/// breaker opens only on the worker's own failures: a 5xx, a timeout, a refused connection. Never on a 4xx: a 429
/// is one client's answer (that client sees it), not a sign the worker is down for everyone.
/// </summary>
public static class WorkerCallBudgets
{
    /// <summary>Where a request carries its budget.</summary>
    public static readonly HttpRequestOptionsKey<CallBudget> BudgetKey = new("codex.budget");
    /// <summary>Where a request carries the name of the worker it goes to (for metrics).</summary>
    public static readonly HttpRequestOptionsKey<string> WorkerKey = new("codex.worker");

    public static CallBudget Of(HttpRequestMessage request) =>
        request.Options.TryGetValue(BudgetKey, out var budget) ? budget : CallBudget.Read;

    /// <summary>Builds the pipeline of one budget (<paramref name="key"/> is its name).</summary>
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, string key, WorkerClientOptions options)
    {
        var budget = Enum.Parse<CallBudget>(key);
        if (budget == CallBudget.Read) pipeline.AddTimeout(options.ReadTimeout);
        if (budget == CallBudget.Form) pipeline.AddTimeout(options.FormTimeout);
        if (budget == CallBudget.Payment) pipeline.AddTimeout(options.PaymentTimeout); // and no shorter attempt timeout
        if (budget == CallBudget.Crawl) pipeline.AddTimeout(options.CrawlTimeout);
        var retries = budget is CallBudget.Read or CallBudget.Crawl ? options.ReadRetries : options.FormRetries;
        if (budget != CallBudget.Upload)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, retries),
                Delay = TimeSpan.FromMilliseconds(50),
                BackoffType = DelayBackoffType.Exponential,
                ShouldHandle = args => ValueTask.FromResult(
                    retries > 0
                    && IsWorkerFailure(args.Outcome)
                    && MayRetry(args.Context.GetRequestMessage())),
            });
        }
        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = 20,
            SamplingDuration = TimeSpan.FromSeconds(10),
            BreakDuration = options.BreakDuration,
            ShouldHandle = args => ValueTask.FromResult(IsWorkerFailure(args.Outcome)),
        });
        if (budget == CallBudget.Read) pipeline.AddTimeout(options.ReadAttemptTimeout);
        if (budget == CallBudget.Form) pipeline.AddTimeout(options.FormAttemptTimeout);
        if (budget == CallBudget.Crawl) pipeline.AddTimeout(options.CrawlAttemptTimeout);
    }

    /// <summary>The worker's own failure: a 5xx, or no answer at all (refused, reset, timed out).</summary>
    public static bool IsWorkerFailure(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException or TimeoutException } => true,
        { Exception: OperationCanceledException } => false,
        { Exception: not null } => false,
        { Result: { } response } => (int)response.StatusCode >= 500,
        _ => false,
    };

    /// <summary>Reads are always safe to repeat; a write only when the worker honours its <c>Idempotency-Key</c>.</summary>
    private static bool MayRetry(HttpRequestMessage? request) =>
        request is not null
        && (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Headers.Contains(Codex.Contracts.Ecom.Idempotency.Header));
}

/// <summary>Records every call's duration by worker, budget and outcome (<see cref="CodexMetrics"/>), retries included.</summary>
public sealed class WorkerCallMetricsHandler(CodexMetrics metrics) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var worker = request.Options.TryGetValue(WorkerCallBudgets.WorkerKey, out var name) ? name : request.RequestUri?.Authority ?? "worker";
        var budget = WorkerCallBudgets.Of(request).ToString().ToLowerInvariant();
        var started = Stopwatch.GetTimestamp();
        var outcome = "unavailable";
        try
        {
            var response = await base.SendAsync(request, ct);
            outcome = (int)response.StatusCode >= 500 ? "unavailable" : (int)response.StatusCode >= 400 ? "refused" : "ok";
            return response;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            outcome = "cancelled";
            throw;
        }
        finally
        {
            metrics.WorkerCall(worker, budget, outcome, Stopwatch.GetElapsedTime(started));
        }
    }
}

/// <summary>
/// The upload budget's clock: the call fails when no byte of the body has been sent for
/// <see cref="WorkerClientOptions.UploadIdleTimeout"/>, or no answer came that long after the last one; a slow but
/// moving upload takes as long as it needs. Other budgets pass through untouched.
/// </summary>
public sealed class UploadIdleTimeoutHandler(WorkerClientOptions options) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (WorkerCallBudgets.Of(request) != CallBudget.Upload) return await base.SendAsync(request, ct);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
        idle.CancelAfter(options.UploadIdleTimeout);
        if (request.Content is { } content) request.Content = new ActivityContent(content, () => idle.CancelAfter(options.UploadIdleTimeout));
        try
        {
            return await base.SendAsync(request, idle.Token);
        }
        catch (OperationCanceledException e) when (idle.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new TimeoutException($"The upload stalled: nothing moved for {options.UploadIdleTimeout.TotalSeconds:0} seconds.", e);
        }
    }

    /// <summary>Streams the inner content through, reporting each chunk written.</summary>
    private sealed class ActivityContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly Action _onActivity;

        public ActivityContent(HttpContent inner, Action onActivity)
        {
            _inner = inner;
            _onActivity = onActivity;
            foreach (var header in inner.Headers) Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken ct)
        {
            await using var source = await _inner.ReadAsStreamAsync(ct);
            var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                int read;
                while ((read = await source.ReadAsync(buffer, ct)) > 0)
                {
                    await stream.WriteAsync(buffer.AsMemory(0, read), ct);
                    _onActivity();
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _inner.Headers.ContentLength ?? -1;
            return length >= 0;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
