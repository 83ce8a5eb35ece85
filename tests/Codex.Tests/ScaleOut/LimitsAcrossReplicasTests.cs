using System.Net;
using Codex.Tests.Infrastructure;
using Codex.Tests.Workers.Auth;

namespace Codex.Tests.ScaleOut;

/// <summary>
/// Issue 17 ("limits are per process"): sign-in attempts alternate between site A (which calls auth-a) and site B
/// (auth-b), and the contract's numbers still hold exactly: 5 failed logins per email, 10 attempts per client address,
/// per 15 minutes. Each test has an email and a client address of its own.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class LimitsAcrossReplicasTests(ScaleOutDeployment deployment)
{
    [ScaleOutFact]
    public async Task TheSixthFailedLogin_ForOneEmail_IsRefused_ThoughTheAttemptsWereSharedByTwoReplicas()
    {
        var browser = new BalancedBrowser();
        var email = AuthApi.NewEmail();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 6; i++)
        {
            var site = i % 2 == 0 ? deployment.SiteA : deployment.SiteB;
            last = await browser.SignInAsync(site, site, email, "wrong-password-" + i);
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.UnprocessableEntity, 5), HttpStatusCode.TooManyRequests], statuses);
        Assert.Contains("Try again in", (await last!.ParseAsync()).QuerySelector(".notice-error")!.TextContent);
    }

    [ScaleOutFact]
    public async Task TheEleventhAttempt_FromOneAddress_IsRefused_ThoughTheAttemptsWereSharedByTwoReplicas()
    {
        var browser = new BalancedBrowser();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 11; i++)
        {
            var site = i % 2 == 0 ? deployment.SiteA : deployment.SiteB;
            last = await browser.SignInAsync(site, site, AuthApi.NewEmail(), "wrong-password-1");
            statuses.Add(last.StatusCode);
        }
        // Someone else, at the same moment, from another address, is not held back.
        var other = new BalancedBrowser();
        var visitor = await other.SignInAsync(deployment.SiteB, deployment.SiteB, AuthApi.NewEmail(), "wrong-password-1");

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.UnprocessableEntity, 10), HttpStatusCode.TooManyRequests], statuses);
        Assert.NotNull(last!.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, visitor.StatusCode);
    }
}
