using System.Net;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.EcomApi;

/// <summary>The offline test checkout: page, Pay (a signed webhook through the real path) and Cancel.</summary>
[Collection(EcomCollection.Name)]
public sealed class TestCheckoutTests(EcomFixture fixture)
{
    private readonly EcomApi _api = new(fixture, () => fixture.WebhookSecret);

    private static string PathOf(string sessionUrl) => new Uri(sessionUrl).AbsolutePath;

    [Fact]
    public async Task Page_IsMarkedTestMode_ShowsTheItemAndPrice_WithPayAndCancelForms_AndNoInlineScriptOrStyle()
    {
        var (_, item) = await _api.PaidItemAsync(title: "Bread <script>alert(1)</script> & Butter");
        var (_, cookie) = await _api.BuyerAsync();
        var session = await _api.CreateSessionAsync(cookie, item.Id);

        var response = await _api.Client.GetAsync(PathOf(session.SessionUrl));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType!.ToString());
        Assert.Contains("TEST MODE", html);
        Assert.Contains("$5.00", html);
        Assert.Contains("Bread &lt;script&gt;alert(1)&lt;/script&gt; &amp; Butter", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("style=", html);
        Assert.DoesNotContain("<style", html);
        Assert.Contains($"action=\"/checkout/test/{session.SessionId}/pay\"", html);
        Assert.Contains($"action=\"/checkout/test/{session.SessionId}/cancel\"", html);
        Assert.Contains("href=\"/css/site.css\"", html);
    }

    [Fact]
    public async Task Page_ForAnUnknownSession_Returns404()
    {
        var response = await _api.Client.GetAsync("/checkout/test/cs_test_doesnotexist");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Pay_RecordsThePurchase_ThroughTheSignedWebhook_AndRedirectsToTheSuccessUrl()
    {
        var (_, item) = await _api.PaidItemAsync();
        var (_, cookie) = await _api.BuyerAsync();
        var session = await _api.CreateSessionAsync(cookie, item.Id);

        var response = await _api.Client.PostAsync(PathOf(session.SessionUrl) + "/pay", null);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal($"http://localhost:5000/checkout/success?session_id={session.SessionId}", response.Headers.Location!.ToString());
        var purchase = Assert.Single(await _api.PurchasesOfSessionAsync(session.SessionId));
        Assert.Equal(EcomApi.PaymentIntentOf(session.SessionId), purchase.PaymentIntentId);
        await using var db = fixture.Db();
        var logged = await db.WebhookEvents.SingleAsync(e => e.PaymentIntentId == purchase.PaymentIntentId);
        Assert.Equal("checkout.session.completed", logged.Type);
        Assert.StartsWith("evt_test_", logged.Id);
        Assert.NotNull(logged.ProcessedAt);
    }

    [Fact]
    public async Task Pay_SubmittedTwiceAtOnce_RecordsOnePurchase()
    {
        var (_, item) = await _api.PaidItemAsync();
        var (_, cookie) = await _api.BuyerAsync();
        var session = await _api.CreateSessionAsync(cookie, item.Id);

        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => _api.Client.PostAsync(PathOf(session.SessionUrl) + "/pay", null)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.SeeOther, r.StatusCode));
        Assert.Single(await _api.PurchasesOfSessionAsync(session.SessionId));
        await using var db = fixture.Db();
        Assert.Equal(1, (await db.Content.SingleAsync(c => c.Id == item.Id)).PurchaseCount);
    }

    [Fact]
    public async Task Pay_AfterThePurchase_SendsOneReceipt_LinkingToTheContent()
    {
        var (org, item) = await _api.PaidItemAsync(title: "Rye Masterclass");
        var (buyer, cookie) = await _api.BuyerAsync();
        var session = await _api.CreateSessionAsync(cookie, item.Id);

        await _api.Client.PostAsync(PathOf(session.SessionUrl) + "/pay", null);
        await _api.Client.PostAsync(PathOf(session.SessionUrl) + "/pay", null);
        await _api.DeliverAsync(EcomApi.CompletedEvent(session.SessionId, EcomApi.PaymentIntentOf(session.SessionId)));

        var message = Assert.Single(await Mailbox.MessagesToAsync(fixture, buyer.Email));
        Assert.Equal("Your Codex receipt: Rye Masterclass", message.Subject);
        Assert.Contains($"http://localhost:5000/o/{org.Slug}/content/{item.Slug}", message.Text);
        Assert.Contains($"http://localhost:5000/o/{org.Slug}/content/{item.Slug}", message.Html);
        Assert.Contains("$5.00", message.Text);
    }

    [Fact]
    public async Task Cancel_RedirectsToTheCancelUrl_AndRecordsNothing()
    {
        var (_, item) = await _api.PaidItemAsync();
        var (_, cookie) = await _api.BuyerAsync();
        var session = await _api.CreateSessionAsync(cookie, item.Id);

        var response = await _api.Client.PostAsync(PathOf(session.SessionUrl) + "/cancel", null);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(EcomApi.CancelUrl, response.Headers.Location!.ToString());
        Assert.Empty(await _api.PurchasesOfSessionAsync(session.SessionId));
        Assert.Equal(CheckoutStatus.Open, (await _api.VerifyAsync(cookie, session.SessionId)).Status);
    }
}
