using System.Net;
using AngleSharp.Dom;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Tests.Workers.Auth;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Web.Checkout;

/// <summary>
/// Issue 15, item 6: "Sign in to buy" carries the intent through sign-in, registration and the emailed verification
/// link to a confirmation step whose Buy button posts the checkout; the step itself (a GET) never spends anything.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class BuyAfterSignInTests(SiteFixture fixture)
{
    private const string Password = "correct-horse-1";
    private readonly TestData _data = new(fixture);

    private async Task<(Data.ContentItem Item, string Path)> PaidItemAsync()
    {
        var org = await _data.OrganizationAsync();
        var item = await _data.ContentAsync(org, await _data.UserAsync(), "Wanted thing " + Guid.NewGuid().ToString("N")[..6],
            ContentType.Video, AccessType.Paid, body: null);
        return (item, $"/o/{org.Slug}/content/{item.Slug}");
    }

    private static string Local(Uri location) => location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;

    private async Task<int> CheckoutSessionsForAsync(Guid contentId)
    {
        await using var db = fixture.Db();
        return await db.CheckoutSessions.CountAsync(s => s.ContentId == contentId);
    }

    /// <summary>The confirmation step of <paramref name="item"/>: its Buy form posts the checkout for that item.</summary>
    private static void AssertConfirmationStep(IDocument page, Data.ContentItem item, string contentPath)
    {
        var form = page.QuerySelector($"#{DomIds.ConfirmBuy} form#{DomIds.BuyForm}")!;
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("/checkout", form.GetAttribute("action"));
        Assert.Equal(item.Id.ToString(), form.QuerySelector("input[name=ContentId]")!.GetAttribute("value"));
        Assert.Equal(contentPath, form.QuerySelector("input[name=ReturnPath]")!.GetAttribute("value"));
        Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.Contains("$5.00", form.QuerySelector("button[type=submit]")!.TextContent);
    }

    [Fact]
    public async Task SignInToBuy_ThenSignIn_LandsOnTheConfirmationStep_WhoseBuyStartsTheCheckout()
    {
        var (item, path) = await PaidItemAsync();
        var user = await new Account.AccountPeople(fixture).SignedInAsync("Intent Buyer");
        var browser = new SiteBrowser(fixture.System.SiteUrl);

        var content = await browser.PageAsync(path);
        var signIn = content.QuerySelector(".access-notice a.button")!.GetAttribute("href")!;
        Assert.Equal("/login?redirect=" + Uri.EscapeDataString($"/checkout/buy?content={item.Id}"), signIn);
        var login = await browser.PageAsync(signIn);
        var signedIn = await browser.SubmitAsync(login, $"#{DomIds.LoginForm}",
            new() { ["Email"] = user.User.Email, ["Password"] = Account.AccountPeople.Password });
        Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
        Assert.Equal($"/checkout/buy?content={item.Id}", signedIn.Headers.Location!.OriginalString);
        var confirm = await browser.FollowAsync(signedIn);
        Assert.Equal(0, await CheckoutSessionsForAsync(item.Id)); // looking at the step spends nothing
        AssertConfirmationStep(confirm, item, path);

        var buy = await browser.SubmitAsync(confirm, $"#{DomIds.BuyForm}", new());

        Assert.Equal(HttpStatusCode.SeeOther, buy.StatusCode);
        Assert.StartsWith(fixture.System.SiteUrl.ToString().TrimEnd('/') + "/checkout/test/", buy.Headers.Location!.ToString());
        Assert.Equal(1, await CheckoutSessionsForAsync(item.Id));
    }

    [Fact]
    public async Task SignInToBuy_ThenRegister_AndVerify_LandsOnTheConfirmationStep()
    {
        var (item, path) = await PaidItemAsync();
        var browser = new SiteBrowser(fixture.System.SiteUrl);
        var email = AuthApi.NewEmail();

        var login = await browser.PageAsync((await browser.PageAsync(path)).QuerySelector(".access-notice a.button")!.GetAttribute("href")!);
        var registerLink = login.QuerySelector("main a[href^='/register']")!.GetAttribute("href")!;
        Assert.Equal("/register?redirect=" + Uri.EscapeDataString($"/checkout/buy?content={item.Id}"), registerLink);
        var registered = await browser.SubmitAsync(await browser.PageAsync(registerLink), $"#{DomIds.RegisterForm}",
            new() { ["Name"] = "New Buyer", ["Email"] = email, ["Password"] = Password });
        Assert.Equal(HttpStatusCode.SeeOther, registered.StatusCode);
        var mail = (await Mailbox.MessagesToAsync(fixture, email)).First(m => m.Text.Contains("/verify-email?token="));
        var link = System.Text.RegularExpressions.Regex.Match(mail.Text, @"/verify-email\?token=[^\s""<>]+").Value;

        var verified = await browser.GetAsync(link);

        Assert.Equal($"/checkout/buy?content={item.Id}", verified.Headers.Location!.OriginalString);
        AssertConfirmationStep(await browser.FollowAsync(verified), item, path);
        Assert.Equal(0, await CheckoutSessionsForAsync(item.Id));
    }

    [Fact]
    public async Task SignInToBuy_ThenRegister_AndAskForANewLink_TheNewLinkStillLandsOnTheConfirmationStep()
    {
        // The reviewer's finding on item 6: "Send a new link" dropped where the first link led.
        var (item, path) = await PaidItemAsync();
        var browser = new SiteBrowser(fixture.System.SiteUrl);
        var email = AuthApi.NewEmail();
        var intent = $"/checkout/buy?content={item.Id}";
        var registered = await browser.SubmitAsync(await browser.PageAsync("/register?redirect=" + Uri.EscapeDataString(intent)),
            $"#{DomIds.RegisterForm}", new() { ["Name"] = "Slow Reader", ["Email"] = email, ["Password"] = Password });
        var inbox = await browser.FollowAsync(registered);
        Assert.Equal(intent, inbox.QuerySelector($"#{DomIds.ResendForm} input[name=Redirect]")!.GetAttribute("value"));
        var firstLinks = (await Mailbox.MessagesToAsync(fixture, email)).Count;

        var resent = await browser.SubmitAsync(inbox, $"#{DomIds.ResendForm}", new());
        var after = await browser.FollowAsync(resent);

        Assert.Equal(intent, after.QuerySelector($"#{DomIds.ResendForm} input[name=Redirect]")!.GetAttribute("value"));
        var messages = await Mailbox.MessagesToAsync(fixture, email); // newest first, once the resend's job has run
        Assert.Equal(firstLinks + 1, messages.Count);
        var link = System.Text.RegularExpressions.Regex.Match(messages[0].Text, @"/verify-email\?token=[^\s""<>]+").Value;
        var verified = await browser.GetAsync(link);
        Assert.Equal(intent, verified.Headers.Location!.OriginalString);
        AssertConfirmationStep(await browser.FollowAsync(verified), item, path);
    }

    [Fact]
    public async Task ConfirmationStep_InBothShapes_Private_AndAnonymousGoesToSignIn()
    {
        var (item, path) = await PaidItemAsync();
        var (_, browser) = await new Account.AccountPeople(fixture).SignedInAsync();
        var url = $"/checkout/buy?content={item.Id}";

        var full = await browser.GetAsync(url);
        var fragment = await browser.SendAsync(Html.Htmx(url));
        var anonymous = await fixture.Client(Role.Site).GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        var page = await full.ParseAsync();
        Assert.Equal($"Buy {item.Title} | Codex", page.Title);
        AssertConfirmationStep(page, item, path);
        Assert.False(full.Headers.CacheControl!.Public);
        var (raw, _) = await fragment.ParseFragmentAsync();
        Assert.StartsWith($"<div id=\"{DomIds.ConfirmBuy}\"", raw.TrimStart());
        Assert.Equal(HttpStatusCode.Found, anonymous.StatusCode);
        Assert.Equal("/login?redirect=" + Uri.EscapeDataString(url), anonymous.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?content=nonsense")]
    [InlineData("?content=00000000-0000-0000-0000-000000000000")]
    public async Task ConfirmationStep_ForNoSuchItem_Is404(string query)
    {
        var (_, browser) = await new Account.AccountPeople(fixture).SignedInAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/checkout/buy" + query)).StatusCode);
    }

    [Fact]
    public async Task ConfirmationStep_ForAFreeItem_SendsToItsPage()
    {
        var org = await _data.OrganizationAsync();
        var item = await _data.ContentAsync(org, await _data.UserAsync(), "Free thing " + Guid.NewGuid().ToString("N")[..6]);
        var (_, browser) = await new Account.AccountPeople(fixture).SignedInAsync();

        var response = await browser.GetAsync($"/checkout/buy?content={item.Id}");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal($"/o/{org.Slug}/content/{item.Slug}", Local(response.Headers.Location!));
    }
}
