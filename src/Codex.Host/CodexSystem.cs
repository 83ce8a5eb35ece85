using System.Diagnostics;
using Codex.Contracts;
using Codex.Data;
using Codex.Host.Demo;
using Codex.ServiceDefaults;
using Codex.Web;
using Codex.Workers.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
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

        if (workers.Count > 0)
        {
            await CodexDatabase.MigrateAsync(codex.Database, ct);
            if (codex.SeedDemoData && workers.Contains(Role.ContentApi))
                await DemoSeeder.SeedAsync(codex.Database, codex.DataFolder, ct);
        }

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

        // Workers first, in the seed's order; the site last, once every worker it calls listens.
        foreach (var role in workers)
        {
            var worker = WorkerInfo.Of(role);
            var app = WorkerApp.Create(role, webOptions, builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings);
                // ASPNETCORE_URLS is the site's address; in the all-in-one host a worker's comes from its PUBLIC_*_URL.
                if (options.DynamicPorts) UseOnly(builder, "http://127.0.0.1:0");
                else if (options.Roles.Count > 1) UseOnly(builder, $"http://localhost:{codex.WorkerBase(role).Port}");
                else if (string.IsNullOrEmpty(config["urls"])) UseOnly(builder, $"http://+:{worker.DevPort}");
                options.Configure?.Invoke(role, builder);
            });
            await app.StartAsync(ct);
            system._apps.Add((role, app));
            urls[role] = new Uri(app.Urls.First());
            // The site calls the workers where they really listen.
            settings[worker.UrlVariable] = app.Urls.First().Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        }

        if (options.Roles.Contains(Role.Site))
        {
            var site = SiteApp.Create(webOptions, builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings);
                if (siteUrl is not null) UseOnly(builder, siteUrl);
                else if (string.IsNullOrEmpty(config["urls"])) UseOnly(builder, "http://localhost:5000");
                options.Configure?.Invoke(Role.Site, builder);
            });
            await site.StartAsync(ct);
            system._apps.Add((Role.Site, site));
            urls[Role.Site] = new Uri(site.Urls.First());
        }

        system.Urls = urls;
        system.InternalKey = settings.TryGetValue(InternalKeySetting, out var key) && key is not null ? key : codex.InternalKey;
        Log.Information("Codex started {Apps} in {Elapsed:0} ms: {Urls}", urls.Count, clock.Elapsed.TotalMilliseconds,
            string.Join(", ", urls.Select(u => $"{RoleName(u.Key)} {u.Value}")));
        return system;
    }

    /// <summary>Waits until any app is asked to stop (Ctrl+C, SIGTERM), then stops them all.</summary>
    public async Task WaitForShutdownAsync()
    {
        await Task.WhenAny(_apps.Select(a => a.App.WaitForShutdownAsync()));
    }

    public async ValueTask DisposeAsync()
    {
        // The site first, so no page is left calling a worker that has gone.
        foreach (var (_, app) in Enumerable.Reverse(_apps))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await app.StopAsync(timeout.Token);
            await app.DisposeAsync();
        }
        _apps.Clear();
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
