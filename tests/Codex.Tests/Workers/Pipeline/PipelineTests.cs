using System.Diagnostics;
using System.Net;
using System.Text;
using Codex.Contracts;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Codex.Workers.Pipeline;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Codex.Tests.Workers.Pipeline;

/// <summary>
/// The pipeline every worker shares, through HTTP on a real worker (Identity-API, which has no routes of its own)
/// with a few probe routes added by the test: each error row of the contract it owns.
/// </summary>
public sealed class PipelineTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private readonly List<WebApplication> _apps = [];

    public sealed record ProbeBody(string? Name, int Count);

    private sealed class ProbeBodyValidator : AbstractValidator<ProbeBody>
    {
        public ProbeBodyValidator()
        {
            RuleFor(b => b.Name).NotEmpty();
            RuleFor(b => b.Count).InclusiveBetween(1, 10);
        }
    }

    public async Task InitializeAsync()
    {
        TestLogging.EnsureConfigured();
        _database = await TestDatabase.CreateAsync();
        await CodexDatabase.MigrateAsync(_database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _apps) await app.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<HttpClient> StartAsync(Role role = Role.IdentityApi, string? connectionString = null,
        Dictionary<string, string?>? settings = null, string environment = "Production")
    {
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Codex"] = connectionString ?? _database.ConnectionString,
            ["Codex:DataPath"] = Path.GetTempPath(),
        };
        foreach (var (k, v) in settings ?? []) all[k] = v;
        var app = WorkerApp.Create(role, new WebApplicationOptions { EnvironmentName = environment, ContentRootPath = AppContext.BaseDirectory },
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(all);
                builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
            },
            app =>
            {
                app.MapPost("/probe/body", (ProbeBody body) =>
                {
                    new ProbeBodyValidator().ValidateAndThrow(body);
                    return Results.Json(new DataEnvelope<ProbeBody>(body));
                });
                app.MapGet("/probe/boom", IResult () => throw new InvalidOperationException("secret internal detail"));
                // A handler that reads a form, as uploads do.
                app.MapPost("/probe/form", async (HttpRequest request) => Results.Json(new DataEnvelope<int>((await request.ReadFormAsync()).Count)));
            });
        await app.StartAsync();
        _apps.Add(app);
        return new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    private static StringContent JsonBody(string text, string type = "application/json") => new(text, Encoding.UTF8, type);

    [Fact]
    public async Task Get_Health_Returns200()
    {
        var client = await StartAsync();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Get_UnknownRoute_Returns404Envelope()
    {
        var client = await StartAsync();

        var response = await client.GetAsync("/api/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Delete_OnAGetRoute_ReturnsEnvelope()
    {
        var client = await StartAsync();

        var response = await client.DeleteAsync("/health");

        Assert.True(response.StatusCode is HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotFound, response.StatusCode.ToString());
        await response.ErrorAsync();
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("[1,2")]
    public async Task Post_WithBodyThatIsNotJson_Returns400InvalidJson(string body)
    {
        var client = await StartAsync();

        var response = await client.PostAsync("/probe/body", JsonBody(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ErrorCodes.InvalidJson, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Post_WithNonJsonContentType_Returns400InvalidJson()
    {
        var client = await StartAsync();

        var response = await client.PostAsync("/probe/body", JsonBody("name=x", "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ErrorCodes.InvalidJson, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Post_WithWrongTypeInAField_Returns400ValidationErrorForThatField()
    {
        var client = await StartAsync();

        var response = await client.PostAsync("/probe/body", JsonBody("""{"name":"a","count":"many"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["count"], await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Post_FailingTheValidator_Returns400WithEveryFieldError()
    {
        var client = await StartAsync();

        var response = await client.PostAsync("/probe/body", JsonBody("""{"name":"","count":99}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["count", "name"], (await response.FieldErrorsAsync()).Order());
    }

    [Fact]
    public async Task Post_ValidBody_Returns200()
    {
        var client = await StartAsync();

        var response = await client.PostAsync("/probe/body", JsonBody("""{"name":"a","count":3}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Post_WithAFormFieldOver4MiB_Returns413PayloadTooLarge()
    {
        var client = await StartAsync();

        var response = await client.PostAsync("/probe/form", new StringContent("name=" + new string('a', 4 * 1024 * 1024 + 1), Encoding.ASCII,
            "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(ErrorCodes.PayloadTooLarge, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Post_FormWithABrokenMultipartBody_Returns400Envelope()
    {
        var client = await StartAsync();

        var response = await client.PostAsync("/probe/form",
            new ByteArrayContent("--x\r\nnot a part"u8.ToArray()) { Headers = { { "Content-Type", "multipart/form-data; boundary=x" } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ErrorCodes.ValidationError, (await response.ErrorAsync()).Code);
    }

    [Theory]
    [InlineData("/probe/form", "application/x-www-form-urlencoded", "name=")]
    [InlineData("/probe/body", "application/json", "{\"name\":\"")]
    public async Task Post_OverTheServersBodyLimit_Returns413Envelope(string path, string type, string start)
    {
        var client = await StartAsync();

        var answer = await RawHttp.PostOversizedAsync(client.BaseAddress!, path, type, 40L * 1024 * 1024, bodyStart: start);

        Assert.Equal(413, answer.Status);
        Assert.Contains(ErrorCodes.PayloadTooLarge, answer.Body);
    }

    [Fact]
    public async Task Get_ThatThrows_Returns500InternalError_WithoutStackTraceOutsideDevelopment()
    {
        var client = await StartAsync();

        var response = await client.GetAsync("/probe/boom");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains(ErrorCodes.InternalError, text);
        Assert.DoesNotContain("secret internal detail", text);
        Assert.DoesNotContain("   at ", text);
    }

    [Fact]
    public async Task Get_ThatThrows_InDevelopment_IncludesTheException()
    {
        var client = await StartAsync(environment: "Development");

        var text = await (await client.GetAsync("/probe/boom")).Content.ReadAsStringAsync();

        Assert.Contains("secret internal detail", text);
    }

    [Fact]
    public async Task Get_WhenTheDatabaseIsUnreachable_Returns503ServiceUnavailable()
    {
        // A worker without background jobs: one with jobs does not start without its database (Quartz reads its store
        // at start), which the host covers by waiting for the database first (LifecycleTests).
        var client = await StartAsync(Role.OrganizationApi, TestDatabase.Unreachable(Path.GetTempPath()));

        var catalogue = await client.GetAsync("/api/organizations");
        var ready = await client.GetAsync("/health/ready");
        var live = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, catalogue.StatusCode);
        Assert.Equal(ErrorCodes.ServiceUnavailable, (await catalogue.ErrorAsync()).Code);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(ErrorCodes.ServiceUnavailable, (await ready.ErrorAsync()).Code);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Get_WhenTheDatabaseServerHangs_Answers503WithinSeconds_AndReadinessWithinTwo()
    {
        // A server that accepts connections and never says a word (a PostgreSQL that hangs): before, 15 s and 30 s.
        using var hung = new HungServer();
        // A worker without background jobs, as above.
        var client = await StartAsync(Role.OrganizationApi, $"Host=127.0.0.1;Port={hung.Port};Username=codex;Password=codex;Database=codex");
        client.Timeout = TimeSpan.FromSeconds(30);

        var clock = Stopwatch.StartNew();
        var ready = await client.GetAsync("/health/ready");
        var readyTook = clock.Elapsed;
        clock.Restart();
        var catalogue = await client.GetAsync("/api/organizations");
        var catalogueTook = clock.Elapsed;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        // Margins for a loaded 2-core CI machine: readiness is bounded at 2 s, a query by the 3 s connect timeout.
        Assert.True(readyTook < TimeSpan.FromSeconds(5), $"readiness took {readyTook}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, catalogue.StatusCode);
        Assert.Equal(ErrorCodes.ServiceUnavailable, (await catalogue.ErrorAsync()).Code);
        Assert.True(catalogueTook < TimeSpan.FromSeconds(CodexDatabase.DefaultConnectSeconds + 5), $"the catalogue took {catalogueTook}");
    }

    [Fact]
    public async Task Get_AfterTheServerClosedEveryPooledConnection_TheNextRequestSucceeds()
    {
        // What a PostgreSQL restart does to a pool: every idle connection is gone (57P01) and the pool does not know.
        if (TestDatabase.Provider != DatabaseProvider.Postgres) return;
        var client = await StartAsync(Role.ContentApi);
        for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/content?page={i + 1}")).StatusCode);

        var name = new Npgsql.NpgsqlConnectionStringBuilder(_database.ConnectionString).Database;
        await using (var admin = new Npgsql.NpgsqlConnection(Environment.GetEnvironmentVariable("CODEX_TEST_POSTGRES")))
        {
            await admin.OpenAsync();
            await using var terminate = new Npgsql.NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid()", admin);
            terminate.Parameters.AddWithValue("name", name!);
            Assert.True((long)(await terminate.ExecuteScalarAsync())! > 0, "no pooled connection to close");
        }

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) statuses.Add((await client.GetAsync($"/api/content?page={i + 1}")).StatusCode);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task Get_OverTheRateLimit_Returns429WithRetryAfter_PerForwardedClient()
    {
        var client = await StartAsync(settings: new() { ["RateLimits:PerClientPerMinute"] = "3" });
        HttpRequestMessage From(string address)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/unknown");
            request.Headers.Add("X-Forwarded-For", address);
            return request;
        }

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(From("203.0.113.7"))).StatusCode);
        var limited = await client.SendAsync(From("203.0.113.7"));
        var otherClient = await client.SendAsync(From("203.0.113.8"));
        var health = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var error = await limited.ErrorAsync();
        Assert.Equal(ErrorCodes.RateLimited, error.Code);
        var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal(retryAfter, ((System.Text.Json.JsonElement)error.Details!).GetProperty("retryAfterSeconds").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, otherClient.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Get_WithRequestId_EchoesIt_AndReplacesUnsafeOnes()
    {
        var client = await StartAsync();
        var good = new HttpRequestMessage(HttpMethod.Get, "/health");
        good.Headers.Add("X-Request-Id", "page-view-42");
        var bad = new HttpRequestMessage(HttpMethod.Get, "/health");
        bad.Headers.TryAddWithoutValidation("X-Request-Id", "evil\"id with spaces");

        var goodId = (await client.SendAsync(good)).Headers.GetValues("X-Request-Id").Single();
        var badId = (await client.SendAsync(bad)).Headers.GetValues("X-Request-Id").Single();

        Assert.Equal("page-view-42", goodId);
        Assert.NotEqual("evil\"id with spaces", badId);
        Assert.False(string.IsNullOrEmpty(badId));
    }

    [Fact]
    public async Task EveryWorker_StartsAndAnswersHealthChecks()
    {
        foreach (var worker in WorkerInfo.All)
        {
            var client = await StartAsync(worker.Role);
            var ready = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Contains(worker.Name, await ready.Content.ReadAsStringAsync());
        }
    }
}
