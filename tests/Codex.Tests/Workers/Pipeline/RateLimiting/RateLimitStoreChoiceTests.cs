using System.Net;
using System.Net.Http.Json;
using Codex.Contracts;
using Codex.Contracts.Auth;
using Codex.Data;
using Codex.Host;
using Codex.Tests.Infrastructure;
using Codex.Workers.Pipeline;
using Codex.Workers.Pipeline.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Codex.Tests.Workers.Pipeline.RateLimiting;

/// <summary>
/// Issue 17 (ADR 041): which store a worker counts in, chosen at start from <c>RateLimits__Store</c>, the database and
/// <c>Codex__Role</c>; a bad choice stops start-up with one sentence.
/// </summary>
public sealed class RateLimitStoreChoiceTests
{
    private const string Postgres = "Host=127.0.0.1;Port=1;Username=codex;Password=codex;Database=codex;Timeout=1";
    private static readonly string InternalKey = new('k', 40);

    private static async Task<string> StoreOfAsync(Dictionary<string, string?> settings)
    {
        TestLogging.EnsureConfigured();
        settings.TryAdd("Codex:DataPath", Path.Combine(Path.GetTempPath(), "codex-tests", "choice-" + Guid.NewGuid().ToString("N")));
        await using var app = WorkerApp.Create(Role.Auth,
            new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory },
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings);
                builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
            });
        return app.Services.GetRequiredService<IRateLimitStore>().Kind;
    }

    [Fact]
    public async Task TheAllInOneHost_CountsInMemory_EvenOnPostgres()
    {
        Assert.Equal(RateLimitStores.Memory, await StoreOfAsync(new() { ["ConnectionStrings:Codex"] = Postgres }));
        Assert.Equal(RateLimitStores.Memory, await StoreOfAsync(new() { ["ConnectionStrings:Codex"] = Postgres, ["Codex:Role"] = "all" }));
    }

    [Fact]
    public async Task AWorkerOfASplitDeployment_OnPostgres_CountsInTheDatabase_OnSqlite_InMemory()
    {
        Assert.Equal(RateLimitStores.Database, await StoreOfAsync(new()
        {
            ["ConnectionStrings:Codex"] = Postgres, ["Codex:Role"] = "auth", [CodexSystem.InternalKeySetting] = InternalKey,
        }));
        Assert.Equal(RateLimitStores.Memory, await StoreOfAsync(new() { ["Codex:Role"] = "auth", [CodexSystem.InternalKeySetting] = InternalKey }));
    }

    [Fact]
    public async Task WithARedisConnectionString_CountsInRedis_UnlessAnotherStoreIsForced()
    {
        await using var redis = await TestRedis.StartAsync();
        Assert.Equal(RateLimitStores.Redis, await StoreOfAsync(new() { ["ConnectionStrings:Redis"] = redis.Endpoint }));
        Assert.Equal(RateLimitStores.Memory, await StoreOfAsync(new() { ["ConnectionStrings:Redis"] = redis.Endpoint, ["RateLimits:Store"] = "memory" }));
        Assert.Equal(RateLimitStores.Database, await StoreOfAsync(new()
        {
            ["ConnectionStrings:Codex"] = Postgres, ["ConnectionStrings:Redis"] = redis.Endpoint, ["RateLimits:Store"] = "Database",
        }));
    }

    [Theory]
    [InlineData("shared", null, null, "RateLimits__Store is \"shared\"; use auto, memory, database, redis.")]
    [InlineData("redis", null, null, "RateLimits__Store is redis but ConnectionStrings__Redis is not set; set it (e.g. redis:6379) or choose another store.")]
    [InlineData("database", null, null, "RateLimits__Store is database but the database is SQLite, which one process serves; use memory, or PostgreSQL.")]
    public async Task ABadChoice_StopsStartUp_WithOneSentence(string store, string? redis, string? database, string sentence)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => StoreOfAsync(new()
        {
            ["RateLimits:Store"] = store, ["ConnectionStrings:Redis"] = redis, ["ConnectionStrings:Codex"] = database,
        }));

        Assert.Equal([sentence], failure.Failures);
    }
}

/// <summary>
/// Issue 17 (ADR 041): an unreachable store does not take the worker down. The general per-client limit lets requests
/// through; the failed-login and account-mail limits refuse with a 503 <c>SERVICE_UNAVAILABLE</c> until it is back.
/// </summary>
public sealed class RateLimitStoreOutageTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private TestRedis _redis = null!;
    private CodexSystem _system = null!;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "codex-tests", "outage-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _redis = await TestRedis.StartOwnAsync();
        TestLogging.EnsureConfigured();
        _system = await CodexSystem.StartAsync(new SystemOptions
        {
            Roles = [Role.Auth],
            DynamicPorts = true,
            EnvironmentName = "Testing",
            Settings = new Dictionary<string, string?>
            {
                ["ConnectionStrings:Codex"] = _database.ConnectionString,
                ["ConnectionStrings:Redis"] = _redis.Endpoint,
                ["Codex:DataPath"] = _folder,
                ["Codex:SeedDemoData"] = "false",
                ["Serilog:MinimumLevel:Default"] = "Error",
            },
        });
    }

    private HttpClient Client() => new(new HttpClientHandler { UseCookies = false }) { BaseAddress = _system.Urls[Role.Auth] };

    private static HttpRequestMessage Post(string path, object body) =>
        new(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: ContractJson.Options) };

    [Fact]
    public async Task WithRedisDown_RequestsGoThrough_ButPasswordsAndAccountMailWait_ThenWorkAgain()
    {
        using var client = Client();
        var email = $"outage-{Guid.NewGuid():N}@example.test";
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Post(AuthRoutes.Login, new LoginRequest(email, "wrong-password-1")))).StatusCode);

        var port = _redis.Port;
        await _redis.StopAsync();

        var session = await client.GetAsync(AuthRoutes.Session);
        var login = await client.SendAsync(Post(AuthRoutes.Login, new LoginRequest(email, "wrong-password-1")));
        var reset = await client.SendAsync(Post(AuthRoutes.SendResetPasswordEmail, new EmailRequest(email)));

        Assert.Equal(HttpStatusCode.OK, session.StatusCode); // the per-client limit fails open
        Assert.Equal(HttpStatusCode.ServiceUnavailable, login.StatusCode);
        Assert.Equal(ErrorCodes.ServiceUnavailable, (await login.ErrorAsync()).Code);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, reset.StatusCode);
        Assert.Equal(ErrorCodes.ServiceUnavailable, (await reset.ErrorAsync()).Code);

        await using var again = await TestRedis.StartOwnAsync(port);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpStatusCode status;
        do
        {
            await Task.Delay(200);
            status = (await client.SendAsync(Post(AuthRoutes.Login, new LoginRequest(email, "wrong-password-1")))).StatusCode;
        } while (status == HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.Unauthorized, status); // reconnected by itself; the new Redis starts the count afresh
    }

    public async Task DisposeAsync()
    {
        await _system.DisposeAsync();
        await _redis.DisposeAsync();
        await _database.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
