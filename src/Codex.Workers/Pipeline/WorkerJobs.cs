using Codex.Data;
using Quartz;

namespace Codex.Workers.Pipeline;

/// <summary>How often the recurring jobs run (section <c>Jobs</c>).</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";

    /// <summary>The sweeps of expired rows (sessions, tokens, idempotency keys, checkout sessions, old payloads).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<string> Problems() => Settings.Positive($"{Section}__{nameof(SweepInterval)}", SweepInterval);
}

/// <summary>
/// Background jobs of a worker, on Quartz.NET with its ADO store in the Codex database: schedules and in-flight
/// runs survive a restart, and on PostgreSQL the store is clustered, so every replica of a worker shares one
/// schedule and each run happens on one of them. Each worker has its own scheduler (named after it), so its jobs run
/// wherever that worker runs, alone or in the all-in-one host.
/// </summary>
public static class WorkerJobs
{
    public static IServiceCollection AddWorkerJobs(this IServiceCollection services, IConfiguration config, Role role,
        Action<IQuartzBuilder, JobOptions> schedule)
    {
        var worker = WorkerInfo.Of(role);
        var connectionString = config.GetCodexOptions().Database;
        var clustered = CodexDatabase.ProviderOf(connectionString) == DatabaseProvider.Postgres;
        var options = services.AddSettings<JobOptions>(config, JobOptions.Section, o => o.Problems());
        services.AddQuartz(q =>
        {
            // The scheduler's name is the key of its rows: replicas of one worker share it, other workers do not.
            q.ConfigureScheduler(s => s.InstanceName = "codex-" + worker.Name);
            // No UseTimeProvider: it would replace the app's TimeProvider for everyone. The scheduler reads the app's
            // clock; a test clock that jumps ahead only makes recurring triggers skip to their next slot.
            q.UseDefaultThreadPool(2);
            q.UsePersistentStore(store =>
            {
                // The tables are created at first start, as the EF migrations create the rest (see ADR 010).
                store.ProvisionSchema();
                store.UseSystemTextJsonSerializer();
                // A run more than 5 s late is skipped to its next slot (every job here works on what is due, so a
                // skipped run loses nothing), and the store notices such runs within 5 s, not the default minute:
                // after a pause of the process, or a jump of the clock, polling resumes at once.
                store.ConfigureStore(o =>
                {
                    o.MisfireThreshold = TimeSpan.FromSeconds(5);
                    o.MisfireHandlerFrequency = TimeSpan.FromSeconds(5);
                });
                if (clustered)
                {
                    store.UsePostgres(connectionString);
                    store.UseClustering();
                }
                else
                {
                    store.UseSqlite(connectionString);
                }
            });
            q.AddJobListener(sp => new JobMetricsListener(sp.GetRequiredService<CodexMetrics>(),
                sp.GetRequiredService<ILogger<JobMetricsListener>>()), [GroupMatcher<JobKey>.AnyGroup()]);
            schedule(q, options);
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    /// <summary>
    /// A job that runs every <paramref name="interval"/>, first <paramref name="firstAfter"/> (a minute) after start; a
    /// run that falls due while the previous one is still going, or while the app was down, is skipped, not queued.
    /// </summary>
    public static IQuartzBuilder Every<TJob>(this IQuartzBuilder q, string name, TimeSpan interval, TimeSpan? firstAfter = null)
        where TJob : IJob =>
        q.ScheduleJob<TJob>(
            (sp, trigger) => trigger.WithIdentity(name)
                // The scheduler's clock is the app's TimeProvider, so the first run is counted on it too.
                .StartAt(sp.GetRequiredService<TimeProvider>().GetUtcNow() + (firstAfter ?? TimeSpan.FromMinutes(1)))
                .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
            (_, job) => job.WithIdentity(name));
}

/// <summary>Counts job runs by job and outcome (<see cref="CodexMetrics"/>) and logs the failures.</summary>
public sealed class JobMetricsListener(CodexMetrics metrics, ILogger<JobMetricsListener> logger) : IJobListener
{
    public string Name => "codex-metrics";

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken ct) => ValueTask.CompletedTask;

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken ct) => ValueTask.CompletedTask;

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? failure, CancellationToken ct)
    {
        metrics.JobRun(context.JobDetail.Key.Name, failure is null ? "succeeded" : "failed", context.JobRunTime);
        if (failure is not null) logger.LogError(failure, "Job {Job} failed", context.JobDetail.Key.Name);
        return ValueTask.CompletedTask;
    }

    public ValueTask JobProgressChanged(IJobExecutionContext context, Quartz.Extensibility.FireInstanceProgress progress, CancellationToken ct) =>
        ValueTask.CompletedTask;
}
