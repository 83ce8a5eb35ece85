using System.Text;
using Codex.Contracts.Ecom;
using Codex.Data;
using Codex.Workers.EcomApi.Fulfilment;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;
using Stripe;
using StripeSession = Stripe.Checkout.Session;

namespace Codex.Workers.EcomApi.Webhooks;

/// <summary>
/// <c>POST /webhooks/stripe</c>: Stripe's events, and the test checkout's, which are signed the same way. The signature
/// is checked on the raw body by Stripe.net (300 s tolerance); a bad, missing or stale one is a 400 and nothing is
/// stored. A verified event is logged by id before it is processed and marked processed only after: a replay of a
/// processed event is a no-op, and an event whose processing failed answers 500 and is processed again when retried.
/// </summary>
public static class StripeWebhook
{
    public const string SignatureHeader = "Stripe-Signature";
    private const int MaxBodyBytes = 512 * 1024;

    public static async Task<IResult> HandleAsync(HttpRequest request, CodexDbContext db, EcomSettings settings,
        PurchaseFulfilment fulfilment, TimeProvider clock, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(StripeWebhook));
        var signature = request.Headers[SignatureHeader].ToString();
        if (signature.Length == 0) throw BadSignature("The Stripe-Signature header is missing.");
        var json = await ReadBodyAsync(request, ct);

        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(json, signature, settings.WebhookSecret,
                EcomSettings.SignatureToleranceSeconds, clock.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
        }
        catch (Exception e) when (e is StripeException or System.Text.Json.JsonException or Newtonsoft.Json.JsonException or FormatException or ArgumentException)
        {
            logger.LogWarning("Rejected a webhook: {Reason}", e.Message);
            throw BadSignature("The signature is not valid for this body, or too old.");
        }
        if (string.IsNullOrEmpty(stripeEvent.Id) || stripeEvent.Id.Length > 255 || string.IsNullOrEmpty(stripeEvent.Type))
            throw ApiException.Validation("id", "The event has no id or type.");

        var paymentIntentId = stripeEvent.Data?.Object switch
        {
            StripeSession session => session.PaymentIntentId,
            Charge charge => charge.PaymentIntentId,
            Dispute dispute => dispute.PaymentIntentId,
            _ => null,
        };

        var logged = await db.WebhookEvents.AsNoTracking().FirstOrDefaultAsync(e => e.Id == stripeEvent.Id, ct);
        if (logged?.ProcessedAt is not null) return Received(stripeEvent.Id, duplicate: true);
        if (logged is null) await LogAsync(db, stripeEvent, paymentIntentId, json, clock.GetUtcNow(), ct);

        try
        {
            await ProcessAsync(stripeEvent, paymentIntentId, db, fulfilment, logger, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Webhook {EventId} ({Type}) failed; Stripe will retry it", stripeEvent.Id, stripeEvent.Type);
            var error = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
            try
            {
                await db.WebhookEvents.Where(w => w.Id == stripeEvent.Id && w.ProcessedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(w => w.Error, error), CancellationToken.None);
            }
            catch (Exception) { /* the log row keeps its earlier state; the 500 is what matters */ }
            throw;
        }

        var now = clock.GetUtcNow();
        await db.WebhookEvents.Where(w => w.Id == stripeEvent.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.ProcessedAt, now).SetProperty(w => w.Error, (string?)null), ct);
        return Received(stripeEvent.Id, duplicate: false);
    }

    private static async Task ProcessAsync(Event stripeEvent, string? paymentIntentId, CodexDbContext db, PurchaseFulfilment fulfilment,
        ILogger logger, CancellationToken ct)
    {
        switch (stripeEvent.Type, stripeEvent.Data?.Object)
        {
            case (EventTypes.CheckoutSessionCompleted or EventTypes.CheckoutSessionAsyncPaymentSucceeded, StripeSession session):
                if (session.PaymentStatus is "paid" or "no_payment_required")
                {
                    var outcome = await fulfilment.FulfilAsync(session.Id, session.PaymentIntentId, ct);
                    if (outcome == FulfilmentOutcome.UnknownSession)
                        logger.LogWarning("Webhook {EventId} is about checkout session {SessionId}, which Codex did not create", stripeEvent.Id, session.Id);
                }
                break;
            case (EventTypes.CheckoutSessionExpired, StripeSession session):
                await db.CheckoutSessions.Where(s => s.Id == session.Id && s.Status == CheckoutStatus.Open)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, CheckoutStatus.Expired), ct);
                break;
            case (PurchaseFulfilment.RefundEventType or PurchaseFulfilment.DisputeCreatedEventType or PurchaseFulfilment.DisputeClosedEventType, var payment):
                // The event row (with its payment) is already committed, so a checkout fulfilled after this finds it.
                var changed = await fulfilment.ApplyPaymentEventAsync(stripeEvent.Type, payment, ct);
                logger.LogInformation("Webhook {EventId} ({Type}) changed {Count} purchase(s) of payment {PaymentIntentId}",
                    stripeEvent.Id, stripeEvent.Type, changed, paymentIntentId);
                break;
        }
    }

    private static async Task LogAsync(CodexDbContext db, Event stripeEvent, string? paymentIntentId, string json, DateTimeOffset now,
        CancellationToken ct)
    {
        db.WebhookEvents.Add(new WebhookEvent
        {
            Id = stripeEvent.Id, Type = stripeEvent.Type.Length > 100 ? stripeEvent.Type[..100] : stripeEvent.Type,
            PaymentIntentId = paymentIntentId, Payload = json, ReceivedAt = now,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // A concurrent delivery of the same event logged it first; processing is idempotent, so go on.
        }
        db.ChangeTracker.Clear();
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
            throw new ApiException(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, "The request body is too large.");
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
                throw new ApiException(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, "The request body is too large.");
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static ApiException BadSignature(string message) =>
        ApiException.Validation(SignatureHeader, message);

    private static IResult Received(string eventId, bool duplicate) =>
        Results.Json(new DataEnvelope<WebhookReceiptDto>(new WebhookReceiptDto(eventId, duplicate)), ContractJson.Options);
}
