using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Codex.Data;
using Codex.Workers.EcomApi.Providers;
using Codex.Workers.EcomApi.Webhooks;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace Codex.Workers.EcomApi.Checkout;

/// <summary>
/// The offline test checkout (no <c>Stripe:SecretKey</c>): a page clearly marked TEST MODE with the item, its price,
/// Pay and Cancel. Pay builds a <c>checkout.session.completed</c> event in Stripe's shape, signs it as Stripe does with
/// the webhook secret, and delivers it over HTTP to this worker's <c>/webhooks/stripe</c>: the very same verification
/// and fulfilment a real payment takes. The site forwards <c>/checkout/test/*</c> here unchanged.
/// </summary>
public static class TestCheckout
{
    public static async Task<IResult> PageAsync(string id, CodexDbContext db, EcomSettings settings, TimeProvider clock, CancellationToken ct)
    {
        if (settings.StripeMode) return Page(StatusCodes.Status404NotFound, "Not found", "<p>There is no test checkout here.</p>");
        var session = await FindAsync(db, id, ct);
        if (session is null) return Page(StatusCodes.Status404NotFound, "Checkout not found", "<p>This checkout does not exist.</p>");
        var h = HtmlEncoder.Default;
        if (session.Session.Status == CheckoutStatus.Complete)
            return Page(StatusCodes.Status200OK, "Already paid",
                $"""<p>This checkout is already paid.</p><p><a class="button" href="{h.Encode(SuccessUrl(session.Session))}">Continue</a></p>""");
        if (Expired(session.Session, clock))
            return Page(StatusCodes.Status410Gone, "Checkout expired",
                $"""<p>This checkout has expired.</p><p><a href="{h.Encode(session.Session.CancelUrl)}">Back</a></p>""");

        var pay = RouteTemplate.Fill(EcomRoutes.TestCheckoutPay, session.Session.Id);
        var cancel = RouteTemplate.Fill(EcomRoutes.TestCheckoutCancel, session.Session.Id);
        return Page(StatusCodes.Status200OK, "Test checkout", $"""
            <p class="test-mode-banner"><strong>TEST MODE</strong>: no real payment is taken. This page stands in for Stripe Checkout.</p>
            <dl class="checkout-summary">
              <dt>Item</dt><dd>{h.Encode(session.Title)}</dd>
              <dt>Price</dt><dd>{h.Encode(Money(session.Session.AmountCents, session.Session.Currency))}</dd>
            </dl>
            <form method="post" action="{h.Encode(pay)}">
              <button type="submit" class="button button-primary">Pay {h.Encode(Money(session.Session.AmountCents, session.Session.Currency))} (test)</button>
            </form>
            <form method="post" action="{h.Encode(cancel)}">
              <button type="submit" class="button">Cancel</button>
            </form>
            """);
    }

    public static async Task<IResult> PayAsync(string id, CodexDbContext db, EcomSettings settings, TimeProvider clock,
        SignedDelivery delivery, ILoggerFactory loggers, CancellationToken ct)
    {
        if (settings.StripeMode) return Page(StatusCodes.Status404NotFound, "Not found", "<p>There is no test checkout here.</p>");
        var session = await FindAsync(db, id, ct);
        if (session is null) return Page(StatusCodes.Status404NotFound, "Checkout not found", "<p>This checkout does not exist.</p>");
        if (session.Session.Status != CheckoutStatus.Complete)
        {
            if (Expired(session.Session, clock))
                return Page(StatusCodes.Status410Gone, "Checkout expired", "<p>This checkout has expired: nothing was paid.</p>");
            var payload = CompletedEvent(session.Session, clock.GetUtcNow());
            try
            {
                var status = await delivery.DeliverAsync(payload, ct);
                if (status is < 200 or > 299)
                {
                    loggers.CreateLogger(typeof(TestCheckout)).LogError("The test checkout's webhook was refused: {Status}", status);
                    return Page(StatusCodes.Status502BadGateway, "Payment not recorded", "<p>The payment could not be recorded. Please try again.</p>");
                }
            }
            catch (HttpRequestException e)
            {
                loggers.CreateLogger(typeof(TestCheckout)).LogError(e, "The test checkout could not deliver its webhook");
                return Page(StatusCodes.Status502BadGateway, "Payment not recorded", "<p>The payment could not be recorded. Please try again.</p>");
            }
        }
        return SeeOther(SuccessUrl(session.Session));
    }

    public static async Task<IResult> CancelAsync(string id, CodexDbContext db, EcomSettings settings, CancellationToken ct)
    {
        if (settings.StripeMode) return Page(StatusCodes.Status404NotFound, "Not found", "<p>There is no test checkout here.</p>");
        var session = await FindAsync(db, id, ct);
        if (session is null) return Page(StatusCodes.Status404NotFound, "Checkout not found", "<p>This checkout does not exist.</p>");
        return SeeOther(session.Session.CancelUrl);
    }

    /// <summary>A <c>checkout.session.completed</c> event as Stripe sends it (the fields Codex and Stripe.net read).</summary>
    public static string CompletedEvent(CheckoutSession session, DateTimeOffset now)
    {
        var metadata = new JsonObject { ["userId"] = session.UserId.ToString(), ["contentId"] = session.ContentId.ToString() };
        var stripeEvent = new JsonObject
        {
            ["id"] = "evt_test_" + System.Security.Cryptography.RandomNumberGenerator.GetString(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 24),
            ["object"] = "event",
            ["api_version"] = StripeConfiguration.ApiVersion,
            ["created"] = now.ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["type"] = EventTypes.CheckoutSessionCompleted,
            ["data"] = new JsonObject
            {
                ["object"] = new JsonObject
                {
                    ["id"] = session.Id,
                    ["object"] = "checkout.session",
                    ["mode"] = "payment",
                    ["status"] = "complete",
                    ["payment_status"] = "paid",
                    ["payment_intent"] = TestCheckoutProvider.PaymentIntentOf(session.Id),
                    ["amount_total"] = session.AmountCents,
                    ["currency"] = session.Currency,
                    ["client_reference_id"] = session.UserId.ToString(),
                    ["metadata"] = metadata,
                    ["success_url"] = session.SuccessUrl,
                    ["cancel_url"] = session.CancelUrl,
                    ["livemode"] = false,
                },
            },
        };
        return stripeEvent.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    private sealed record SessionWithTitle(CheckoutSession Session, string Title);

    private static async Task<SessionWithTitle?> FindAsync(CodexDbContext db, string id, CancellationToken ct)
    {
        if (id.Length is 0 or > 255) return null;
        return await db.CheckoutSessions.AsNoTracking().Where(s => s.Id == id)
            .Join(db.Content, s => s.ContentId, c => c.Id, (s, c) => new SessionWithTitle(s, c.Title))
            .FirstOrDefaultAsync(ct);
    }

    private static bool Expired(CheckoutSession session, TimeProvider clock) =>
        session.Status == CheckoutStatus.Expired || session.ExpiresAt <= clock.GetUtcNow();

    private static string SuccessUrl(CheckoutSession session) =>
        session.SuccessUrl.Replace("{CHECKOUT_SESSION_ID}", Uri.EscapeDataString(session.Id), StringComparison.Ordinal);

    private static IResult SeeOther(string location) => new SeeOtherResult(location);

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = StatusCodes.Status303SeeOther;
            context.Response.Headers.Location = location;
            context.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }
    }

    public static string Money(int cents, string currency) =>
        currency.Equals("usd", StringComparison.OrdinalIgnoreCase)
            ? "$" + (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture)
            : (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture) + " " + currency.ToUpperInvariant();

    private static IResult Page(int status, string title, string body)
    {
        var h = HtmlEncoder.Default;
        var html = $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <meta name="robots" content="noindex">
              <title>{h.Encode(title)} · TEST MODE · Codex</title>
              <link rel="stylesheet" href="/css/site.css">
            </head>
            <body class="test-checkout">
              <main class="container">
                <h1>{h.Encode(title)} <small>TEST MODE</small></h1>
                {body}
              </main>
            </body>
            </html>
            """;
        return new HtmlResult(status, html);
    }

    private sealed class HtmlResult(int status, string html) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers["X-Robots-Tag"] = "noindex";
            return context.Response.WriteAsync(html);
        }
    }
}
