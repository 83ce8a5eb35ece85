using System.Data.Common;
using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Codex.Contracts;
using Codex.Data;
using Codex.Host.Demo;
using Codex.ServiceDefaults;
using Codex.ServiceDefaults.Live;
using Codex.Web;
using Codex.Workers.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Polly;
using Polly.Retry;
using Serilog;

namespace Codex.Host;

/// <summary>What to start and how.</summary>
public sealed record SystemOptions
{
    /// <summary>The apps to start; the site last, after the workers it calls.</summary>
    public required IReadOnlyList<Role> Roles { get; init; }
    public string[] Args { get; init; } = [];
    public string? EnvironmentName { get; init; }
    /// <summary>Settings laid over appsettings.json and the environment (tests use this).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();
    /// <summary>Listen on free loopback ports instead of the contract's (tests run several systems at once).</summary>
    public bool DynamicPorts { get; init; }
    /// <summary>A last word on each app's builder (tests replace services).</summary>
    public Action<Role, WebApplicationBuilder>? Configure { get; init; }
}

/// <summary>
/// Starts the site and the workers, each its own <see cref="WebApplication"/> on its own port; the site still
/// reaches the workers over HTTP. Migrations and demo data run once, before any app takes a request.
/// </summary>
public sealed class CodexSystem : IAsyncDisposable
{
    private readonly List<(Role Role, WebApplication App)> _apps = [];
    private ILiveEventBus _bus = new InProcessLiveEventBus();

    /// <summary>The bus that carries live events between this process's apps, and to other processes on PostgreSQL.</summary>
    public ILiveEventBus LiveEvents => _bus;

    private CodexSystem() { }

    /// <summary>Where each started app listens.</summary>
    public IReadOnlyDictionary<Role, Uri> Urls { get; private set; } = new Dictionary<Role, Uri>();

    /// <summary>The site's base URL (throws when the site was not started).</summary>
    public Uri SiteUrl => Urls[Role.Site];

    /// <summary>The setting that holds the site's public address.</summary>
    public const string PublicUrlSetting = CodexOptions.Section + ":" + nameof(CodexOptions.PublicUrl);

    /// <summary>The setting that holds the shared key of internal routes.</summary>
    public const string InternalKeySetting = CodexOptions.Section + ":" + nameof(CodexOptions.InternalKey);

    /// <summary>The shared key of internal routes (generated when not configured).</summary>
    public string? InternalKey { get; private set; }

    /// <summary>Configuration as every app sees it.</summary>
    public IConfiguration Configuration { get; private set; } = null!;

    public static async Task<CodexSystem> StartAsync(SystemOptions options, CancellationToken ct = default)
    {
        var system = new CodexSystem();
        var clock = Stopwatch.StartNew();
        var config = system.Configuration = BuildConfiguration(options);
        // A bad setting stops everything here, before the database is touched, with one sentence per problem.
        var codex = CodexOptions.Load(config);
        var workers = options.Roles.Where(r => r != Role.Site).ToList();
        // So does a secret that replicas must share but this split deployment was not given (ADR 043).
        SharedSecrets.CheckAtStart(workers, config);
        if (workers.Count > 0) _ = global::Codex.Workers.Pipeline.Storage.S3StorageOptions.From(config); // and S3 storage's (issue 9)
        if (options.Roles.Contains(Role.Site)) SharedKeyRing.Certificate(config)?.Dispose(); // and the key ring's certificate (ADR 040)

        // Every app keeps something in the database (the site its key ring, ADR 040), so every process migrates it;
        // on PostgreSQL they take turns (an advisory lock, ADR 043), and all but the first find nothing to do.
        await MigrateWhenReachableAsync(codex, ct);
        if (codex.SeedDemoData && workers.Contains(Role.ContentApi))
            await DemoSeeder.SeedAsync(codex.Database, codex.DataFolder, ct);

        var urls = new Dictionary<Role, Uri>();
        var settings = new Dictionary<string, string?>(options.Settings);
        // Internal routes (sending mail, the dev outbox) need a shared key; one process can make its own.
        if (string.IsNullOrEmpty(codex.InternalKey) && options.Roles.Count > 1)
            settings[InternalKeySetting] = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var webOptions = new WebApplicationOptions
        {
            Args = options.Args,
            EnvironmentName = options.EnvironmentName,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = "wwwroot",
        };
        // With free ports, the site's is chosen up front so that links in mail (Codex__PublicUrl) point at it.
        string? siteUrl = null;
        if (options.DynamicPorts && options.Roles.Contains(Role.Site))
        {
            siteUrl = $"http://127.0.0.1:{FreeLoopbackPort()}";
            if (!options.Settings.ContainsKey(PublicUrlSetting)) settings[PublicUrlSetting] = siteUrl;
        }

        // One cache of resolved sessions for the workers of this process, when every role that ends sessions or
        // changes users runs here too, so that their revocations reach it (ADR 025); otherwise none.
        var sessionCache = WorkerSessionCache.For(options.Roles,
            Settings.Read<SessionCacheOptions>(config, SessionCacheOptions.Section, o => o.Problems()));
        if (workers.Count > 0)
            Log.Information("Worker session cache: {State}", sessionCache.Enabled
                ? $"{sessionCache.Lifetime.TotalSeconds:0} s, shared by this process's workers"
                : "off (Sessions__WorkerCacheSeconds=0, or a role that ends sessions runs in another process)");

        // Live events (ADR 036): PostgreSQL LISTEN/NOTIFY on PostgreSQL, in process on SQLite.
        var allInOne = WorkerInfo.All.All(w => options.Roles.Contains(w.Role)) && options.Roles.Contains(Role.Site);
        var postgres = CodexDatabase.ProviderOf(codex.Database) == DatabaseProvider.Postgres;
        system._bus = LiveEventBus.Create(postgres, codex.Database, new Serilog.Extensions.Logging.SerilogLoggerFactory(Log.Logger));
        if (!allInOne && !postgres)
            Log.Warning("Live events and cache invalidations stay inside this process: a split deployment shares them only on PostgreSQL; other site instances see changes when their cache entries expire");
        Log.Information("Live events: {Bus}", system._bus.Kind);

        // Workers first, in the seed's order; the site last, once every worker it calls listens.
        foreach (var role in workers)
        {
            var worker = WorkerInfo.Of(role);
            var app = WorkerApp.Create(role, webOptions, builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings);
                builder.Services.AddSingleton(sessionCache);
                builder.Services.AddSingleton(system._bus);
                // ASPNETCORE_URLS is the site's address; in the all-in-one host a worker's comes from its PUBLIC_*_URL.
                KeepSignalsToTheSystem(builder);
                if (options.DynamicPorts) UseOnly(builder, "http://127.0.0.1:0");
                else if (options.Roles.Count > 1) UseOnly(builder, $"http://localhost:{codex.WorkerBase(role).Port}");
                else if (string.IsNullOrEmpty(config["urls"])) UseOnly(builder, $"http://+:{worker.DevPort}");
                options.Configure?.Invoke(role, builder);
            });
            await app.StartAsync(ct);
            system.Track(role, app);
            urls[role] = new Uri(app.Urls.First());
            // The site calls the workers where they really listen.
            settings[worker.UrlVariable] = app.Urls.First().Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        }

        if (options.Roles.Contains(Role.Site))
        {
            var site = SiteApp.Create(webOptions, builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings);
                builder.Services.AddSingleton(system._bus);
                SharedKeyRing.Use(builder);
                KeepSignalsToTheSystem(builder);
                if (siteUrl is not null) UseOnly(builder, siteUrl);
                else if (string.IsNullOrEmpty(config["urls"])) UseOnly(builder, "http://localhost:5000");
                options.Configure?.Invoke(Role.Site, builder);
            });
            await site.StartAsync(ct);
            system.Track(Role.Site, site);
            // Ready once it hears the other processes' events: one published before its LISTEN would be missed.
            if (system._bus is PostgresLiveEventBus listening
                && await Task.WhenAny(listening.Listening, Task.Delay(TimeSpan.FromSeconds(10), ct)) != listening.Listening)
                Log.Warning("Live events: not yet listening on PostgreSQL after 10 s; the site starts anyway and keeps trying");
            urls[Role.Site] = new Uri(site.Urls.First());
        }

        system.Urls = urls;
        system.InternalKey = settings.TryGetValue(InternalKeySetting, out var key) && key is not null ? key : codex.InternalKey;
        Log.Information("Codex started {Apps} in {Elapsed:0} ms: {Urls}", urls.Count, clock.Elapsed.TotalMilliseconds,
            string.Join(", ", urls.Select(u => $"{RoleName(u.Key)} {u.Value}")));
        return system;
    }

    private void Track(Role role, WebApplication app)
    {
        _apps.Add((role, app));
        app.Lifetime.ApplicationStopping.Register(() => Log.Information("Stopping {App}", RoleName(role)));
    }

    /// <summary>
    /// Waits for Ctrl+C, SIGTERM or SIGQUIT, or for any app to stop by itself. The signal is the system's alone (no app
    /// hears it; see <see cref="KeepSignalsToTheSystem"/>), so that <see cref="DisposeAsync"/> stops the apps in order.
    /// </summary>
    public async Task WaitForShutdownAsync(CancellationToken ct = default)
    {
        var signalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true; // the process ends when the apps have stopped, not now
            Log.Information("Codex received {Signal}; stopping the site, then the workers", context.Signal);
            signalled.TrySetResult();
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal);
        var stopping = _apps.Select(a => Task.Delay(Timeout.Infinite, a.App.Lifetime.ApplicationStopping)
            .ContinueWith(_ => { }, TaskScheduler.Default));
        await Task.WhenAny([signalled.Task, .. stopping, Task.Delay(Timeout.Infinite, ct)]);
    }

    /// <summary>Stops the site first, so that no request in flight is left calling a worker that has gone; then the workers.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var (role, app) in Enumerable.Reverse(_apps))
        {
            var clock = Stopwatch.StartNew();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await app.StopAsync(timeout.Token);
            await app.DisposeAsync();
            Log.Information("Stopped {App} in {Elapsed:0} ms", RoleName(role), clock.Elapsed.TotalMilliseconds);
        }
        _apps.Clear();
        await _bus.DisposeAsync();
    }

    /// <summary>
    /// Each app would otherwise install its own console lifetime, and one SIGTERM would stop all nine at once (pages in
    /// flight then meet stopped workers: 401s and 503s). Only <see cref="WaitForShutdownAsync"/> listens for signals.
    /// </summary>
    private static void KeepSignalsToTheSystem(WebApplicationBuilder builder) =>
        builder.Services.AddSingleton<IHostLifetime, SystemLifetime>();

    private sealed class SystemLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>
    /// Applies migrations, waiting with backoff (0.5 s doubling to 5 s, for <c>Codex__DatabaseWaitSeconds</c>) while the
    /// database is unreachable, and saying each time what it waits for.
    /// </summary>
    private static async Task MigrateWhenReachableAsync(CodexOptions codex, CancellationToken ct)
    {
        var where = CodexDatabase.Describe(codex.Database);
        var patience = TimeSpan.FromSeconds(codex.DatabaseWaitSeconds);
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        var retry = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            // With any patience at all, a first failure is always tried again (and said): on a busy machine the first
            // attempt alone may take longer than a short wait.
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && CodexDatabase.IsUnavailable(e)
                && patience > TimeSpan.Zero && (args.AttemptNumber == 0 || clock.Elapsed < patience)),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(500),
            MaxDelay = TimeSpan.FromSeconds(5),
            UseJitter = false,
            OnRetry = attempt =>
            {
                last = attempt.Outcome.Exception;
                Log.Warning("Waiting for the database ({Where}): {Reason}. Attempt {Attempt} failed; trying again in {Delay:0.0} s, for up to {Left:0} s more",
                    where, Reason(attempt.Outcome.Exception), attempt.AttemptNumber + 1, attempt.RetryDelay.TotalSeconds,
                    Math.Max(0, (patience - clock.Elapsed).TotalSeconds));
                return default;
            },
        }).Build();
        try
        {
            await retry.ExecuteAsync(async token => await CodexDatabase.MigrateAsync(codex.Database, token), ct);
            if (last is not null) Log.Information("The database ({Where}) answered after {Elapsed:0.0} s", where, clock.Elapsed.TotalSeconds);
        }
        catch (Exception e) when (CodexDatabase.IsUnavailable(e))
        {
            throw new DatabaseUnreachableException(
                $"the database ({where}) did not answer within {codex.DatabaseWaitSeconds} s (Codex__DatabaseWaitSeconds): {Reason(e)}.", e);
        }
    }

    private static string Reason(Exception? e)
    {
        while (e?.InnerException is not null && e is not (DbException or SocketException)) e = e.InnerException;
        return e?.Message.TrimEnd('.') ?? "no answer";
    }

    /// <summary>The name of a role in <c>Codex__Role</c>.</summary>
    public static string RoleName(Role role) => role == Role.Site ? "site" : WorkerInfo.Of(role).Name;

    /// <summary>The roles <c>Codex__Role</c> names: <c>all</c> (default), <c>site</c>, or one worker's name.</summary>
    public static IReadOnlyList<Role>? ParseRoles(string? role)
    {
        if (string.IsNullOrWhiteSpace(role) || role.Equals("all", StringComparison.OrdinalIgnoreCase))
            return [.. WorkerInfo.All.Select(w => w.Role), Role.Site];
        if (role.Equals("site", StringComparison.OrdinalIgnoreCase)) return [Role.Site];
        var worker = WorkerInfo.All.FirstOrDefault(w => w.Name.Equals(role, StringComparison.OrdinalIgnoreCase));
        return worker is null ? null : [worker.Role];
    }

    /// <summary>Listens on exactly <paramref name="url"/>, whatever ASPNETCORE_URLS says.</summary>
    private static void UseOnly(WebApplicationBuilder builder, string url) => builder.WebHost.UseUrls(url);

    private static int FreeLoopbackPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static IConfiguration BuildConfiguration(SystemOptions options)
    {
        var environment = options.EnvironmentName
            ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
            ?? "Production";
        return new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            // As WebApplication does: ASPNETCORE_URLS is the setting "urls".
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddEnvironmentVariables()
            .AddCommandLine(options.Args)
            .AddInMemoryCollection(options.Settings)
            .Build();
    }
}

/// <summary>The database stayed unreachable for as long as the host was told to wait for it.</summary>
public sealed class DatabaseUnreachableException(string message, Exception inner) : Exception(message, inner);
