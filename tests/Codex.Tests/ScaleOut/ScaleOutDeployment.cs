using System.Diagnostics;
using Codex.Data;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.ScaleOut;

/// <summary>
/// Issue 17: a scale-out deployment of real OS processes on PostgreSQL, started by <c>scripts/scale-out</c> (the one
/// list of processes and variables, ADR 042) from this build's <c>Codex.Host.dll</c> on a fresh database: every
/// worker, Auth and the Notifications-API twice, the site twice (site A calls auth-a, site B auth-b). Started once for
/// the scale-out collection when the run is on PostgreSQL; stopped on dispose, on this process's exit, and by the
/// script's own watcher should this process die without either.
/// </summary>
public sealed class ScaleOutDeployment : IAsyncLifetime
{
    public static bool OnPostgres => TestDatabase.Provider == DatabaseProvider.Postgres;

    public const string SkipReason =
        "Issue 17's scale-out suite runs real processes on PostgreSQL only (CODEX_TEST_DB=postgres; scripts/test runs it)";

    private TestDatabase? _database;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "codex-tests", "scale-out-" + Guid.NewGuid().ToString("N")[..12]);
    private Dictionary<string, string> _env = new();
    private int _stopped;

    public Uri SiteA => Url("SITE_A");
    public Uri SiteB => Url("SITE_B");
    public string ConnectionString => _env["SCALE_OUT_DATABASE"];
    public string InternalKey => _env["SCALE_OUT_INTERNAL_KEY"];
    /// <summary>The data folder the workers share (media, the mail folder).</summary>
    public string WorkersData => _env["SCALE_OUT_WORKERS_DATA"];

    /// <summary>A process's address by its name in the script, e.g. <c>AUTH_B</c>, <c>CONTENT_API</c>.</summary>
    public Uri Url(string name) => new(_env[$"SCALE_OUT_{name}_URL"]);

    public CodexDbContext Db() => CodexDatabase.Create(ConnectionString);

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Codex.Web.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Codex.Web.sln not found above the test binaries");
    }

    public async Task InitializeAsync()
    {
        if (!OnPostgres) return;
        _database = await TestDatabase.CreateAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
        var (code, output) = await ScriptAsync("start", new Dictionary<string, string>
        {
            // Twelve processes starting at once beside the rest of the run: a connection may take longer than the
            // embedded 3 s to open, and a start longer than the embedded 60 s to reach the database.
            ["SCALE_OUT_DATABASE"] = _database.ConnectionString + ";Timeout=15;Command Timeout=30",
            ["Codex__DatabaseWaitSeconds"] = "300",
            ["SCALE_OUT_WAIT"] = "400",
            ["SCALE_OUT_HOST_DLL"] = Path.Combine(AppContext.BaseDirectory, "Codex.Host.dll"),
            ["SCALE_OUT_OWNER_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // The suite shares a loaded machine with the rest of the run: the site waits longer for a worker than a
            // page should in production (a cold sign-in's password check alone can take seconds here). The limits
            // stay the contract's: the suite checks them.
            ["WorkerClients__ReadTimeout"] = "00:00:20",
            ["WorkerClients__ReadAttemptTimeout"] = "00:00:15",
            ["WorkerClients__FormTimeout"] = "00:00:40",
            ["WorkerClients__FormAttemptTimeout"] = "00:00:30",
        });
        if (code != 0) throw new InvalidOperationException($"scripts/scale-out start failed ({code}):\n{output}");
        _env = File.ReadAllLines(Path.Combine(_folder, "scale-out.env"))
            .Select(line => line.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1].Trim('\''));
        // Each site once through its pages and a worker call, so that the first test does not pay for the JIT.
        using var warm = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        foreach (var site in new[] { SiteA, SiteB })
            foreach (var path in new[] { "/discover", "/login", "/o/northwind-studio" })
                try { await warm.GetAsync(new Uri(site, path)); } catch (HttpRequestException) { } catch (TaskCanceledException) { }
    }

    public async Task DisposeAsync()
    {
        if (!OnPostgres) return;
        Stop();
        if (_database is not null) await _database.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>The log of one process (a failing test prints it).</summary>
    public string LogTail(string name, int lines = 30)
    {
        var file = Path.Combine(_folder, "logs", name + ".log");
        return File.Exists(file) ? string.Join('\n', File.ReadLines(file).TakeLast(lines)) : "(no log)";
    }

    private void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        ScriptAsync("stop", new()).GetAwaiter().GetResult();
    }

    private async Task<(int Code, string Output)> ScriptAsync(string command, Dictionary<string, string> env)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot(), "scripts", "scale-out"), command, _folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in env) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}

[CollectionDefinition(Name)]
public sealed class ScaleOutCollection : ICollectionFixture<ScaleOutDeployment>
{
    public const string Name = "scale-out";
}

/// <summary>A test of the scale-out suite: skipped, saying why, when the run is not on PostgreSQL.</summary>
public sealed class ScaleOutFactAttribute : FactAttribute
{
    public ScaleOutFactAttribute()
    {
        if (!ScaleOutDeployment.OnPostgres) Skip = ScaleOutDeployment.SkipReason;
    }
}

/// <inheritdoc cref="ScaleOutFactAttribute"/>
public sealed class ScaleOutTheoryAttribute : TheoryAttribute
{
    public ScaleOutTheoryAttribute()
    {
        if (!ScaleOutDeployment.OnPostgres) Skip = ScaleOutDeployment.SkipReason;
    }
}
