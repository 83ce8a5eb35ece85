using System.Net;
using Codex.Contracts;
using Codex.Data;
using Codex.Host;
using Microsoft.Extensions.DependencyInjection;

namespace Codex.Tests.Infrastructure;

/// <summary>
/// A running Codex on free loopback ports with its own fresh database: the apps named by <see cref="Roles"/>,
/// each a real Kestrel server, the site calling the workers over HTTP as in production.
/// </summary>
public abstract class SystemFixture : IAsyncLifetime
{
    private TestDatabase? _database;

    protected abstract IReadOnlyList<Role> Roles { get; }
    protected virtual bool SeedDemoData => false;
    protected virtual IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();
    /// <summary>The apps' environment: Testing, or Development where a test needs what only it does (cookies without Secure).</summary>
    protected virtual string EnvironmentName => "Testing";

    public CodexSystem System { get; private set; } = null!;
    /// <summary>The time every app of this fixture sees.</summary>
    public TestClock Clock { get; } = new();
    public string ConnectionString => _database!.ConnectionString;
    public string DataPath { get; } = Path.Combine(Path.GetTempPath(), "codex-tests", "data-" + Guid.NewGuid().ToString("N"));

    public virtual async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Codex"] = _database.ConnectionString,
            ["Codex:DataPath"] = DataPath,
            ["Codex:SeedDemoData"] = SeedDemoData ? "true" : "false",
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["RateLimits:PerClientPerMinute"] = "100000",
            ["Mail:PollInterval"] = "00:00:00.300",
            // A page read's budget is 2 s in production; on a loaded 2-core CI machine a fixture's first query (EF Core
            // compiling it) has taken longer, and the page became a 503. The budgets themselves are tested with their
            // own settings (WorkerCallBudgetTests, ForwardingTests, the hung-server tests).
            ["WorkerClients:ReadTimeout"] = "00:00:15",
            ["WorkerClients:ReadAttemptTimeout"] = "00:00:12",
        };
        foreach (var (key, value) in ExtraSettings) settings[key] = value;
        TestLogging.EnsureConfigured();
        System = await CodexSystem.StartAsync(new SystemOptions
        {
            Roles = Roles,
            Settings = settings,
            DynamicPorts = true,
            EnvironmentName = EnvironmentName,
            Configure = (role, builder) =>
            {
                builder.Services.AddSingleton<TimeProvider>(Clock);
                // The policy probes (Web/Authorization) join the site's controllers.
                if (role == Role.Site) builder.Services.AddControllers().AddApplicationPart(typeof(SystemFixture).Assembly);
            },
        });
    }

    /// <summary>A client for one app, with cookies off so each test sets the session it means.</summary>
    public HttpClient Client(Role role) =>
        new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = System.Urls[role] };

    /// <summary>A context on this fixture's database, for arranging rows directly.</summary>
    public CodexDbContext Db() => CodexDatabase.Create(ConnectionString);

    public virtual async Task DisposeAsync()
    {
        await System.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
        try { Directory.Delete(DataPath, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Content-API and Identity-API on an empty database: worker tests arrange their own rows.</summary>
public sealed class WorkersFixture : SystemFixture
{
    protected override IReadOnlyList<Role> Roles => [Role.ContentApi, Role.IdentityApi];
}

/// <summary>Auth, Notifications and Content-API: accounts, mail in the outbox, and a second worker that reads sessions.</summary>
public sealed class AuthFixture : SystemFixture
{
    protected override IReadOnlyList<Role> Roles => [Role.NotificationsApi, Role.Auth, Role.ContentApi];
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["RateLimits:AuthPerClient"] = "100000",
        ["RateLimits:FailedLoginsPerEmail"] = "5",
    };
}

/// <summary>The whole system (site and all eight workers) with the demo catalogue, as a new user sees it.</summary>
public sealed class SiteFixture : SystemFixture
{
    protected override IReadOnlyList<Role> Roles => [.. WorkerInfo.All.Select(w => w.Role), Role.Site];
    protected override bool SeedDemoData => true;
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["RateLimits:AuthPerClient"] = "100000",
        ["Codex:DevMail"] = "true",
        // Small sitemap files, so the index that real sites need past 50,000 URLs is exercised by the demo catalogue.
        ["Sitemap:MaxUrlsPerFile"] = "60",
        // Keep-alives (and the session check that goes with each) every second, not 15: the events tests wait for them.
        ["Live:KeepAlive"] = "00:00:01",
    };
}

[CollectionDefinition(Name)]
public sealed class AuthCollection : ICollectionFixture<AuthFixture>
{
    public const string Name = "auth";
}

[CollectionDefinition(Name)]
public sealed class WorkersCollection : ICollectionFixture<WorkersFixture>
{
    public const string Name = "workers";
}

[CollectionDefinition(Name)]
public sealed class SiteCollection : ICollectionFixture<SiteFixture>
{
    public const string Name = "site";
}

/// <summary>A port on loopback that nothing listens on (a worker that is down).</summary>
public static class ClosedPort
{
    public static Uri Url()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }
}
