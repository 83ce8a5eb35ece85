using System.Net;

namespace Codex.Tests.ScaleOut;

/// <summary>
/// Issue 17 ("a form rendered by one site instance is refused by the other"): behind a balancer the sign-in form and
/// its antiforgery cookie come from one instance and the post lands on the other; with one key ring in the database
/// every instance reads what another protected.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class SharedKeysAcrossInstancesTests(ScaleOutDeployment deployment)
{
    [ScaleOutTheory]
    [InlineData("A", "B")]
    [InlineData("B", "A")]
    public async Task TheSignInForm_RenderedByOneInstance_PostedToTheOther_SignsIn(string from, string to)
    {
        var (formFrom, postTo) = (Site(from), Site(to));
        var browser = new BalancedBrowser();

        var response = await browser.SignInAsync(formFrom, postTo, "customer@example.com", "codex-demo-1");

        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther,
            $"site {to} answered {(int)response.StatusCode} to site {from}'s form: {await response.Content.ReadAsStringAsync()}");
        Assert.NotNull(browser.Cookie(Codex.Contracts.SessionCookie.Name));
        // Signed in on both: the session is the workers', whichever instance asks.
        foreach (var site in new[] { formFrom, postTo })
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(site, "/library")).StatusCode);
    }

    private Uri Site(string name) => name == "A" ? deployment.SiteA : deployment.SiteB;
}
