using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Codex.ServiceDefaults;

/// <summary>
/// Codex's own instruments, next to ASP.NET Core's request metrics and HttpClient's call metrics: how long each call
/// from the site to a worker took and how it ended, and what the background jobs did. One instance per app, made
/// from that app's <see cref="IMeterFactory"/>, so in the all-in-one host each app's <c>/metrics</c> shows its own.
/// </summary>
public sealed class CodexMetrics
{
    public const string MeterName = "Codex";

    private readonly Histogram<double> _workerCalls;
    private readonly Counter<long> _jobs;
    private readonly Histogram<double> _jobDuration;

    public CodexMetrics(IMeterFactory factory)
    {
        var meter = factory.Create(MeterName);
        _workerCalls = meter.CreateHistogram<double>("codex.worker_call.duration", "s",
            "Calls from the site to a worker: time to the answer, by worker, budget and outcome.");
        _jobs = meter.CreateCounter<long>("codex.jobs.executed", "{job}", "Background job runs, by job and outcome.");
        _jobDuration = meter.CreateHistogram<double>("codex.jobs.duration", "s", "How long background job runs took.");
    }

    /// <summary>One call to a worker; <paramref name="outcome"/> is <c>ok</c>, <c>refused</c> (4xx) or <c>unavailable</c>.</summary>
    public void WorkerCall(string worker, string budget, string outcome, TimeSpan elapsed) =>
        _workerCalls.Record(elapsed.TotalSeconds, new TagList { { "worker", worker }, { "budget", budget }, { "outcome", outcome } });

    /// <summary>One job run; <paramref name="outcome"/> is <c>succeeded</c> or <c>failed</c>.</summary>
    public void JobRun(string job, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "job", job }, { "outcome", outcome } };
        _jobs.Add(1, tags);
        _jobDuration.Record(elapsed.TotalSeconds, tags);
    }
}
