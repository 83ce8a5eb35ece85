using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Codex.Contracts;
using Codex.Contracts.Auth;
using Codex.Data;
using Codex.Host;
using Codex.Tests.Infrastructure;
using Codex.Workers.Pipeline.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Codex.Tests.Workers.Pipeline.RateLimiting;

/// <summary>Keeps an app's services for a test to look at (which store it chose).</summary>
public sealed class ServicesProbe(IServiceProvider services) : IHostedService
{
    public IServiceProvider Services { get; } = services;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Two Auth replicas as an operator runs them (<c>Codex__Role=auth</c>, one database, one internal key, each its own
/// data folder and port): two <see cref="CodexSystem"/>s of one role each.
/// </summary>
public abstract class AuthReplicasFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private readonly List<string> _folders = [];
    private readonly string _internalKey = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>Whether this run can have the deployment at all.</summary>
    public abstract bool Runs { get; }
    protected virtual Task<string?> RedisAsync() => Task.FromResult<string?>(null);

    public CodexSystem First { get; private set; } = null!;
    public CodexSystem Second { get; private set; } = null!;
    public List<ServicesProbe> Probes { get; } = [];

    public virtual async Task InitializeAsync()
    {
        if (!Runs) return;
        _database = await TestDatabase.CreateAsync();
        var redis = await RedisAsync();
        First = await StartReplicaAsync(redis);
        Second = await StartReplicaAsync(redis);
    }

    private async Task<CodexSystem> StartReplicaAsync(string? redis)
    {
        var folder = Path.Combine(Path.GetTempPath(), "codex-tests", "auth-" + Guid.NewGuid().ToString("N"));
        _folders.Add(folder);
        TestLogging.EnsureConfigured();
        return await CodexSystem.StartAsync(new SystemOptions
        {
            Roles = [Role.Auth],
            DynamicPorts = true,
            EnvironmentName = "Testing",
            Settings = new Dictionary<string, string?>
            {
                ["ConnectionStrings:Codex"] = _database!.ConnectionString,
                ["ConnectionStrings:Redis"] = redis,
                ["Codex:Role"] = "auth",
                ["Codex:DataPath"] = folder,
                ["Codex:SeedDemoData"] = "false",
                [CodexSystem.InternalKeySetting] = _internalKey,
                ["Serilog:MinimumLevel:Default"] = "Warning",
                // The contract's numbers, written out: what the tests count against.
                ["RateLimits:AuthPerClient"] = "10",
                ["RateLimits:FailedLoginsPerEmail"] = "5",
                ["RateLimits:AuthWindowMinutes"] = "15",
                ["RateLimits:PerClientPerMinute"] = "100000",
            },
            Configure = (_, builder) => builder.Services.AddSingleton<IHostedService>(sp =>
            {
                var probe = new ServicesProbe(sp);
                lock (Probes) Probes.Add(probe);
                return probe;
            }),
        });
    }

    public HttpClient Client(CodexSystem system) =>
        new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = system.Urls[Role.Auth] };

    public virtual async Task DisposeAsync()
    {
        if (!Runs) return;
        if (Second is not null) await Second.DisposeAsync();
        if (First is not null) await First.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
        foreach (var folder in _folders)
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}

/// <summary>On PostgreSQL without Redis: the replicas count in <c>rate_limit_counters</c>.</summary>
public sealed class DatabaseAuthReplicasFixture : AuthReplicasFixture
{
    public override bool Runs => TestDatabase.Provider == DatabaseProvider.Postgres;
}

/// <summary>With <c>ConnectionStrings__Redis</c>: the replicas count in Redis (on either database).</summary>
public sealed class RedisAuthReplicasFixture : AuthReplicasFixture
{
    private TestRedis? _redis;
    public override bool Runs => true;

    protected override async Task<string?> RedisAsync()
    {
        _redis = await TestRedis.StartAsync();
        return _redis.Endpoint;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_redis is not null) await _redis.DisposeAsync();
    }
}

/// <summary>
/// Issue 17 ("limits are per process: with two Auth replicas, 8 failed logins for one email, alternating, never hit the
/// contract's limit of 5"): failed logins for one email and login attempts from one address, alternating between two
/// replicas, are refused exactly where the contract says, the 6th and the 11th.
/// </summary>
public abstract class SharedLimitsAcrossReplicasTests(AuthReplicasFixture fixture)
{
    protected abstract string ExpectedStore { get; }

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string address)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/email/login")
        {
            Content = JsonContent.Create(new LoginRequest(email, "not-the-password-1"), options: ContractJson.Options),
        };
        request.Headers.Add("X-Forwarded-For", address);
        return client.SendAsync(request);
    }

    private static string NewAddress() => $"198.18.{Random.Shared.Next(0, 256)}.{Random.Shared.Next(1, 255)}";

    [Fact]
    public void EachReplica_CountsInTheSharedStore()
    {
        if (!fixture.Runs) return;
        Assert.Equal(2, fixture.Probes.Count);
        Assert.All(fixture.Probes, p => Assert.Equal(ExpectedStore, p.Services.GetRequiredService<SharedLimits>().Kind));
    }

    [Fact]
    public async Task EightFailedLogins_ForOneEmail_AlternatingBetweenReplicas_TheSixthIsRefused()
    {
        if (!fixture.Runs) return;
        var email = $"nobody-{Guid.NewGuid():N}@example.test";
        using var first = fixture.Client(fixture.First);
        using var second = fixture.Client(fixture.Second);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? sixth = null;
        for (var i = 0; i < 8; i++)
        {
            var response = await LoginAsync(i % 2 == 0 ? first : second, email, NewAddress());
            statuses.Add(response.StatusCode);
            if (i == 5) sixth = response;
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3)], statuses);
        var error = await sixth!.ErrorAsync();
        Assert.Equal(ErrorCodes.RateLimited, error.Code);
        var seconds = ((JsonElement)error.Details!).GetProperty("retryAfterSeconds").GetInt32();
        Assert.InRange(seconds, 14 * 60, 15 * 60);
        Assert.Equal(TimeSpan.FromSeconds(seconds), sixth!.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task ElevenLoginAttempts_FromOneAddress_AlternatingBetweenReplicas_TheEleventhIsRefused()
    {
        if (!fixture.Runs) return;
        var address = NewAddress();
        using var first = fixture.Client(fixture.First);
        using var second = fixture.Client(fixture.Second);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
            statuses.Add((await LoginAsync(i % 2 == 0 ? first : second, $"someone-{Guid.NewGuid():N}@example.test", address)).StatusCode);

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 10), HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task FailedLogins_RacingOnBothReplicas_CheckAtMostFivePasswords()
    {
        if (!fixture.Runs) return;
        var email = $"raced-{Guid.NewGuid():N}@example.test";
        using var first = fixture.Client(fixture.First);
        using var second = fixture.Client(fixture.Second);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => LoginAsync(i % 2 == 0 ? first : second, email, NewAddress())));

        var bodies = string.Join("\n", await Task.WhenAll(responses.Select(async r => $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}")));
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized) == 5, bodies);
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests) == 5, bodies);
    }
}

public sealed class DatabaseSharedLimitsAcrossReplicasTests(DatabaseAuthReplicasFixture fixture)
    : SharedLimitsAcrossReplicasTests(fixture), IClassFixture<DatabaseAuthReplicasFixture>
{
    protected override string ExpectedStore => RateLimitStores.Database;
}

public sealed class RedisSharedLimitsAcrossReplicasTests(RedisAuthReplicasFixture fixture)
    : SharedLimitsAcrossReplicasTests(fixture), IClassFixture<RedisAuthReplicasFixture>
{
    protected override string ExpectedStore => RateLimitStores.Redis;
}
