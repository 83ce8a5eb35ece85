using System.Net;
using Codex.Contracts;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.ServiceDefaults;

/// <summary>
/// <c>/metrics</c> on every app, in Prometheus text: each app's own requests (nine apps share the process here),
/// the site's calls to workers, the jobs' runs; and only for clients on the configured networks.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class MetricsTests(SiteFixture fixture)
{
    public static TheoryData<Role> Apps() => new([.. WorkerInfo.All.Select(w => w.Role), Role.Site]);

    [Theory]
    [MemberData(nameof(Apps))]
    public async Task Metrics_AnswerOnEveryApp_InPrometheusFormat_WithThatAppsOwnRequests(Role app)
    {
        using var client = fixture.Client(app);
        await client.GetAsync("/health");
        await Task.Delay(TimeSpan.FromMilliseconds(400)); // past the exporter's 300 ms scrape cache

        var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType);
        var name = app == Role.Site ? "site" : WorkerInfo.Of(app).Name;
        Assert.Contains($"service_name=\"codex-{name}\"", text);
        Assert.Contains("http_server_request_duration_seconds_count{", text);
        Assert.Contains("http_route=\"/health\"", text);
        // In the all-in-one host every app's meters live in one process; each app reports only its own.
        if (app != Role.Site) Assert.DoesNotContain("http_route=\"/discover\"", text);
        if (app != Role.ContentApi) Assert.DoesNotContain("http_route=\"/api/content\"", text);
    }

    [Fact]
    public async Task SiteMetrics_CountWorkerCalls_ByWorkerBudgetAndOutcome()
    {
        using var site = fixture.Client(Role.Site);
        await site.GetAsync("/discover?q=light");

        var text = await site.GetStringAsync("/metrics");

        Assert.Contains("codex_worker_call_duration_seconds_count{", text);
        Assert.Matches("codex_worker_call_duration_seconds_count\\{[^}]*budget=\"read\"[^}]*outcome=\"ok\"[^}]*worker=\"content-api\"", text);
    }

    [Fact]
    public async Task JobRuns_AreCounted_WhereTheJobsRun()
    {
        using var notifications = fixture.Client(Role.NotificationsApi);

        await Eventually.TrueAsync(async () => (await notifications.GetStringAsync("/metrics")).Contains("codex_jobs_executed_total{"),
            "the send-mail job to have run");
        Assert.Matches("codex_jobs_executed_total\\{[^}]*job=\"send-mail\"[^}]*outcome=\"succeeded\"[^}]*\\} [1-9]",
            await notifications.GetStringAsync("/metrics"));
    }

    [Theory]
    [InlineData(Role.Site, "/metrics")]
    [InlineData(Role.Site, "/metrics/")]
    [InlineData(Role.Site, "/METRICS")]
    [InlineData(Role.Auth, "/metrics")]
    [InlineData(Role.Auth, "/Metrics/")]
    public async Task Metrics_AreNotForTheOutsideWorld(Role app, string path)
    {
        using var client = fixture.Client(app);
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", "203.0.113.9"); // a public address, relayed by the trusted local proxy

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("http_server_request_duration", await response.Content.ReadAsStringAsync());
    }
}
