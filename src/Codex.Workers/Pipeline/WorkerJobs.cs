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
    /// <summary>How often a node of a clustered scheduler says it is alive.</summary>
    public static readonly TimeSpan ClusterCheckinInterval = TimeSpan.FromSeconds(5);
    /// <summary>How late a node's check-in may be before the others take it for dead and recover its jobs.</summary>
    public static readonly TimeSpan ClusterCheckinMisfireThreshold = TimeSpan.FromSeconds(10);

    public static IServiceCollection AddWorkerJobs(this IServiceCollection services, IConfiguration config, Role role,
        Action<IQuartzBuilder, JobOptions> schedule)
    {
        var worker = WorkerInfo.Of(role);
        var connectionString = config.GetCodexOptions().Database;
        var clustered = CodexDatabase.ProviderOf(connectionString) == DatabaseProvider.Postgres;
        var options = services.AddSettings<JobOptions>(config, JobOptions.Section, o => o.Problems());
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                // The scheduler's name is the key of its rows: replicas of one worker share it, other workers do not.
                s.InstanceName = "codex-" + worker.Name;
                // Each replica is a node of its own in the cluster (ADR 043): two nodes with one id would take each
                // other's running jobs for their own, and neither would notice the other die. Host and process say
                // where it runs (they show in qrtz_scheduler_state); the random part keeps two schedulers in one
                // process (tests) and two containers with one host name apart.
                s.InstanceId = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
            });
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
                    // A node checks in every 5 s; one 10 s late is dead, and another node runs again what it held
                    // (the jobs marked RequestRecovery) and takes over its triggers: within about 15 s, not the
                    // default's 15 s plus a minute of idle polling. A live node paused longer (a long GC, a frozen
                    // VM) may see a job it runs run a second time elsewhere: every job here is safe to run twice.
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = ClusterCheckinInterval;
                        c.CheckinMisfireThreshold = ClusterCheckinMisfireThreshold;
                    });
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
