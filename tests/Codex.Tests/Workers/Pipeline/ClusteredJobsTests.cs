using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Codex.Contracts;
using Codex.Data;
using Codex.Host;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Quartz;

namespace Codex.Tests.Workers.Pipeline;

/// <summary>A test that needs PostgreSQL: the only store Quartz clusters on (SQLite belongs to one process).</summary>
file sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestDatabase.Provider != DatabaseProvider.Postgres)
            Skip = "Clustered jobs need PostgreSQL (CODEX_TEST_DB=postgres): on SQLite one process owns the job store.";
    }
}

/// <summary>
/// Issue 17, "jobs run once": two replicas of one worker (each a <see cref="CodexSystem"/> with that single role, as
/// <c>Codex__Role</c> starts it) on one PostgreSQL database share one schedule. A recurring job both register runs
/// once per slot, one-off jobs queued through either run once each, and a job whose replica is killed mid-run is run
/// again by the other (ADR 043).
/// </summary>
public sealed class ClusteredJobsTests : IAsyncLifetime
{
    private readonly string _internalKey = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private readonly List<string> _folders = [];
    private readonly List<CodexSystem> _replicas = [];
    private TestDatabase? _database;

    /// <summary>Every job run any replica of this test saw, in the order they began.</summary>
    private readonly ConcurrentQueue<Run> _runs = new();

    private sealed record Run(string Job, string Group, DateTimeOffset? ScheduledFor, string Instance, bool Recovering);

    public async Task InitializeAsync()
    {
        if (TestDatabase.Provider == DatabaseProvider.Postgres) _database = await TestDatabase.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in _replicas) await replica.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
        foreach (var folder in _folders)
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "codex-tests", "replica-" + Guid.NewGuid().ToString("N"));
        _folders.Add(folder);
        return folder;
    }

    /// <summary>The settings of one replica, each with its own data folder, as an operator would start it.</summary>
    private Dictionary<string, string?> ReplicaSettings(Role role) => new()
    {
        ["ConnectionStrings:Codex"] = _database!.ConnectionString,
        ["Codex:Role"] = CodexSystem.RoleName(role),
        ["Codex:DataPath"] = NewFolder(),
        [CodexSystem.InternalKeySetting] = _internalKey,
        ["Codex:SeedDemoData"] = "false",
        ["Serilog:MinimumLevel:Default"] = "Warning",
        ["RateLimits:PerClientPerMinute"] = "100000",
        ["RateLimits:AuthPerClient"] = "100000",
        ["Mail:PollInterval"] = "00:00:01",
    };

    private async Task<CodexSystem> StartReplicaAsync(Role role)
    {
        var replica = await CodexSystem.StartAsync(new SystemOptions
        {
            Roles = [role],
            Settings = ReplicaSettings(role),
            DynamicPorts = true,
            EnvironmentName = "Testing",
            // Registered before Quartz's own hosted service, so the listener is there before the scheduler starts.
            Configure = (_, builder) => builder.Services.AddHostedService(sp => new RunRecorder(sp.GetRequiredService<ISchedulerFactory>(), _runs)),
        });
        lock (_replicas) _replicas.Add(replica);
        return replica;
    }

    /// <summary>Adds a listener that writes down every run of this replica's scheduler.</summary>
    private sealed class RunRecorder(ISchedulerFactory schedulers, ConcurrentQueue<Run> runs) : IHostedService, IJobListener
    {
        public string Name => "test-run-recorder";

        public async Task StartAsync(CancellationToken ct)
        {
            var scheduler = await schedulers.GetScheduler(ct);
            scheduler.ListenerManager.AddJobListener(this, GroupMatcher<JobKey>.AnyGroup());
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken ct)
        {
            runs.Enqueue(new Run(context.JobDetail.Key.Name, context.JobDetail.Key.Group, context.ScheduledFireTimeUtc,
                context.Scheduler.SchedulerInstanceId, context.Recovering));
            return ValueTask.CompletedTask;
        }

        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken ct) => ValueTask.CompletedTask;

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? failure, CancellationToken ct) => ValueTask.CompletedTask;

        public ValueTask JobProgressChanged(IJobExecutionContext context, Quartz.Extensibility.FireInstanceProgress progress, CancellationToken ct) =>
            ValueTask.CompletedTask;
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_database!.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < within; await Task.Delay(200))
            if (await condition()) return true;
        return await condition();
    }

    private async Task<User> UserAsync()
    {
        var id = Guid.NewGuid();
        var user = new User
        {
            Id = id, Email = $"r-{id:N}@example.test", Name = "Replica User", PasswordHash = "not-a-real-hash",
            EmailVerified = true, Role = UserRole.Customer, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        };
        await using var db = CodexDatabase.Create(_database!.ConnectionString);
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    private static async Task RequestResetAsync(Uri worker, string email)
    {
        using var http = new HttpClient { BaseAddress = worker, Timeout = TimeSpan.FromSeconds(30) };
        var response = await http.PostAsJsonAsync(AuthRoutes.SendResetPasswordEmail, new { email });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    private async Task<List<string>> ResetMailRecipientsAsync()
    {
        await using var db = CodexDatabase.Create(_database!.ConnectionString);
        return await db.OutgoingMail.AsNoTracking().Where(m => m.Template == "reset-password").Select(m => m.Recipient).ToListAsync();
    }

    [PostgresFact]
    public async Task ARecurringJob_RegisteredByBothReplicasAtStart_IsOneJob_AndRunsOncePerSlot()
    {
        // Both start at once on a fresh database, as two containers of one service do: each provisions the job store
        // and registers the worker's recurring jobs under the same names.
        await Task.WhenAll(StartReplicaAsync(Role.NotificationsApi), StartReplicaAsync(Role.NotificationsApi));

        // Two nodes, each checked in under its own id (the first check-in follows the start by a moment).
        Assert.True(await EventuallyAsync(async () => await CountAsync(
                "SELECT count(DISTINCT instance_name) FROM qrtz_scheduler_state WHERE sched_name = 'codex-notifications-api'") == 2,
            TimeSpan.FromSeconds(30)), "two replicas did not check in as two nodes");
        // send-mail and sweep-mail, once each: registering again replaced, it did not add.
        Assert.Equal(2, await CountAsync("SELECT count(*) FROM qrtz_triggers WHERE sched_name = 'codex-notifications-api'"));
        Assert.Equal(2, await CountAsync("SELECT count(*) FROM qrtz_job_details WHERE sched_name = 'codex-notifications-api'"));

        // send-mail is due every second: wait for eight slots.
        Assert.True(await EventuallyAsync(() => Task.FromResult(_runs.Count(r => r.Job == "send-mail") >= 8), TimeSpan.FromSeconds(60)),
            $"send-mail ran {_runs.Count(r => r.Job == "send-mail")} times in 60 s");
        var slots = _runs.Where(r => r.Job == "send-mail").GroupBy(r => r.ScheduledFor).ToList();
        Assert.DoesNotContain(slots, s => s.Count() > 1);
    }

    [PostgresFact]
    public async Task OneOffJobs_QueuedThroughEitherReplica_RunOnceEach()
    {
        var replicas = await Task.WhenAll(StartReplicaAsync(Role.Auth), StartReplicaAsync(Role.Auth));
        var users = new List<User>();
        for (var i = 0; i < 20; i++) users.Add(await UserAsync());

        // Ten reset links asked through each replica, at once: each is one queued account-mail job.
        await Task.WhenAll(users.Select((u, i) => RequestResetAsync(replicas[i % 2].Urls[Role.Auth], u.Email)));

        Assert.True(await EventuallyAsync(async () => (await ResetMailRecipientsAsync()).Count >= users.Count, TimeSpan.FromSeconds(60)),
            $"{(await ResetMailRecipientsAsync()).Count} of {users.Count} reset mails were queued within 60 s");
        await Task.Delay(TimeSpan.FromSeconds(2)); // a second run of any of them would have shown by now
        Assert.Equal(users.Select(u => u.Email).Order(), (await ResetMailRecipientsAsync()).Order());
        var accountMail = _runs.Where(r => r.Group == "account-mail").ToList();
        Assert.Equal(users.Count, accountMail.Count);
        Assert.Equal(users.Count, accountMail.Select(r => r.Job).Distinct().Count());
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM qrtz_job_details WHERE job_group = 'account-mail'"));
    }

    [PostgresFact]
    public async Task AJob_WhoseReplicaIsKilledMidRun_IsRunAgainByTheOtherReplica()
    {
        // Replica 1 is a real process (dotnet Codex.Host.dll, Codex__Role=auth), killed with SIGKILL while it runs the
        // job: no shutdown, no clean-up, as when a machine or a container dies. Replica 2 runs in this process.
        var port = FreePort();
        await using var dying = new HostProcess(new Dictionary<string, string>
        {
            ["Codex__Role"] = "auth",
            ["ConnectionStrings__Codex"] = _database!.ConnectionString,
            ["Codex__DataPath"] = NewFolder(),
            ["Codex__InternalKey"] = _internalKey,
            ["Codex__SeedDemoData"] = "false",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["RateLimits__AuthPerClient"] = "100000",
            ["Serilog__MinimumLevel__Default"] = "Warning",
        });
        var dyingUrl = new Uri($"http://127.0.0.1:{port}");
        Assert.True(await EventuallyAsync(() => dying.ReadyAsync(dyingUrl), TimeSpan.FromSeconds(90)), "replica 1 did not start:\n" + dying.Output);
        var user = await UserAsync();

        // The job's first query waits on a lock this test holds: replica 1 is mid-run, holding the job, when it dies.
        await using (var blocker = new NpgsqlConnection(_database.ConnectionString))
        {
            await blocker.OpenAsync();
            await using var transaction = await blocker.BeginTransactionAsync();
            await using (var lockUsers = new NpgsqlCommand("LOCK TABLE users IN ACCESS EXCLUSIVE MODE", blocker, transaction))
                await lockUsers.ExecuteNonQueryAsync();
            await RequestResetAsync(dyingUrl, user.Email);
            Assert.True(await EventuallyAsync(async () => await CountAsync(
                    "SELECT count(*) FROM qrtz_fired_triggers WHERE trigger_group = 'account-mail' AND state = 'EXECUTING'") == 1,
                TimeSpan.FromSeconds(30)), "replica 1 did not start the job:\n" + dying.Output);
            dying.Kill();
            await transaction.RollbackAsync();
        }
        var killedAt = Stopwatch.StartNew();

        await StartReplicaAsync(Role.Auth);

        // Replica 2 sees replica 1 miss its check-ins and runs the job again: the mail is queued, once.
        Assert.True(await EventuallyAsync(async () => (await ResetMailRecipientsAsync()).Count > 0, TimeSpan.FromSeconds(90)),
            "the job of the killed replica was not run again within 90 s");
        var pickedUpAfter = killedAt.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal([user.Email], await ResetMailRecipientsAsync());
        var recovered = Assert.Single(_runs, r => r.Group == "account-mail");
        Assert.True(recovered.Recovering);
        Console.WriteLine($"Issue 17: a killed replica's job ran again on the other {pickedUpAfter.TotalSeconds:0.0} s after the kill");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
