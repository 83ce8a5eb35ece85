using System.Diagnostics;
using System.Net;
using Codex.Contracts;
using Codex.Host;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Web.Forwarding;

/// <summary>
/// Issue 10, line 12: what the site forwards unchanged (<c>/media</c>, the test checkout, Stripe's webhook) gives up
/// on a worker that accepts and never answers after <c>WorkerClients__ForwardIdleTimeout</c>, not YARP's 100 s.
/// </summary>
public sealed class ForwardingTests
{
    [Fact]
    public async Task Forwarded_ToAHungWorker_Answers504AfterTheIdleTimeout()
    {
        TestLogging.EnsureConfigured();
        using var hung = new HungServer();
        await using var system = await CodexSystem.StartAsync(new SystemOptions
        {
            Roles = [Role.Site],
            DynamicPorts = true,
            EnvironmentName = "Testing",
            Settings = new Dictionary<string, string?>
            {
                [WorkerInfo.Of(Role.ContentApi).UrlVariable] = hung.Url.ToString(),
                [WorkerInfo.Of(Role.EcomApi).UrlVariable] = hung.Url.ToString(),
                ["WorkerClients:ForwardIdleTimeout"] = "00:00:01",
                ["Codex:DataPath"] = Path.Combine(Path.GetTempPath(), "codex-tests", "forward-" + Guid.NewGuid().ToString("N")),
            },
        });
        using var http = new HttpClient { BaseAddress = system.SiteUrl, Timeout = TimeSpan.FromSeconds(30) };

        var clock = Stopwatch.StartNew();
        var media = await http.GetAsync("/media/video/some-file.mp4?expires=1&signature=x");
        var mediaTook = clock.Elapsed;
        var checkout = await http.GetAsync("/checkout/test/cs_test_1");
        var webhook = await http.PostAsync("/webhooks/stripe", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.GatewayTimeout, media.StatusCode);
        Assert.True(mediaTook < TimeSpan.FromSeconds(5), $"/media took {mediaTook}");
        Assert.Equal(HttpStatusCode.GatewayTimeout, checkout.StatusCode);
        Assert.Equal(HttpStatusCode.GatewayTimeout, webhook.StatusCode);
    }
}
