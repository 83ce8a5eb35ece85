using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Codex.Contracts.Admin;
using Codex.Contracts.Ecom;
using Codex.Data;
using Codex.Workers.EcomApi.Providers;
using Codex.Workers.Pipeline;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.EcomApi.Checkout;

/// <summary>
/// <c>POST /checkout/create</c>: a checkout session for one paid item. With an <c>Idempotency-Key</c>, the first
/// answer is kept and replayed for the same key and body; the key is claimed by inserting its row first
/// (<see cref="IdempotencyKeys"/>), so of several concurrent first uses exactly one creates a session and the others
/// wait for its answer.
/// </summary>
public static class CreateCheckout
{
    public const string Operation = "checkout.create";
    private const int MaxKeyLength = 255;

    public static async Task<IResult> HandleAsync(HttpRequest http, CreateCheckoutRequest body, CurrentUser currentUser,
        CodexDbContext db, ICheckoutProvider provider, EcomSettings settings, TimeProvider clock, CancellationToken ct)
    {
        var user = await currentUser.RequireAsync(ct);
        new CreateCheckoutRequestValidator().ValidateAndThrow(body);
        var hostErrors = new Dictionary<string, string[]>();
        if (!settings.IsAllowedRedirect(body.SuccessUrl!)) hostErrors["successUrl"] = ["This host is not allowed."];
        if (!settings.IsAllowedRedirect(body.CancelUrl!)) hostErrors["cancelUrl"] = ["This host is not allowed."];
        if (hostErrors.Count > 0) throw ApiException.Validation(hostErrors);

        var key = http.Headers[Idempotency.Header].ToString();
        if (key.Length > MaxKeyLength) throw ApiException.Validation(Idempotency.Header, $"Must be at most {MaxKeyLength} characters.");
        if (key.Length == 0)
            return Data(await CreateAsync(body, user, db, provider, settings, clock, Guid.NewGuid().ToString("N"), ct));

        var hash = RequestHash(body);
        if (await IdempotencyKeys.ClaimAsync(db, user.Id, Operation, key, hash, clock, ct) is { } replay) return replay;
        try
        {
            var session = await CreateAsync(body, user, db, provider, settings, clock, ProviderKey(user.Id, key), ct);
            await IdempotencyKeys.CompleteAsync(db, user.Id, Operation, key, StatusCodes.Status200OK, new DataEnvelope<CheckoutSessionDto>(session));
            return Data(session);
        }
        catch (ApiException e) when (e.Status < 500)
        {
            // A refusal is an answer too: the same key gets the same refusal.
            await IdempotencyKeys.CompleteAsync(db, user.Id, Operation, key, e.Status, IdempotencyKeys.Refusal(e));
            throw;
        }
        catch
        {
            // Not an answer (the provider or database failed): free the key so that a retry can try again.
            await IdempotencyKeys.ReleaseAsync(db, user.Id, Operation, key);
            throw;
        }
    }

    private static async Task<CheckoutSessionDto> CreateAsync(CreateCheckoutRequest body, SessionUser user, CodexDbContext db,
        ICheckoutProvider provider, EcomSettings settings, TimeProvider clock, string providerKey, CancellationToken ct)
    {
        var content = await db.Content.AsNoTracking()
            .Where(c => c.Id == body.ContentId && c.DeletedAt == null && c.Organization!.DeletedAt == null)
            .Select(c => new
            {
                c.Id, c.Title, c.Status, c.AccessType, c.PriceCents,
                PurchasesEnabled = c.Organization!.Settings == null || c.Organization.Settings.EnablePurchases,
                Suspended = c.Organization.SuspendedAt != null,
            })
            .FirstOrDefaultAsync(ct) ?? throw ApiException.NotFound("The content");
        // A suspended organization sells nothing (ADR 028); said as such, since the buyer may have the page open.
        if (content.Suspended)
            throw new ApiException(StatusCodes.Status422UnprocessableEntity, ErrorCodes.ContentNotPurchasable, SuspensionMessages.NotPurchasable);
        if (content.Status != ContentStatus.Published || content.AccessType != AccessType.Paid || content.PriceCents is not > 0
            || !content.PurchasesEnabled)
            throw new ApiException(StatusCodes.Status422UnprocessableEntity, ErrorCodes.ContentNotPurchasable, "This content cannot be bought.");
        if (await db.Purchases.AnyAsync(p => p.UserId == user.Id && p.ContentId == content.Id && p.Status == PurchaseStatus.Completed, ct))
            throw new ApiException(StatusCodes.Status409Conflict, ErrorCodes.AlreadyPurchased, "You already own this content.");

        // The buyer's other open sessions for this item can no longer be paid: a second payment is never taken.
        var others = await db.CheckoutSessions.AsNoTracking()
            .Where(s => s.UserId == user.Id && s.ContentId == content.Id && s.Status == CheckoutStatus.Open)
            .Select(s => s.Id).ToListAsync(ct);
        foreach (var other in others)
        {
            await provider.ExpireSessionAsync(other, ct);
            await db.CheckoutSessions.Where(s => s.Id == other && s.Status == CheckoutStatus.Open)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, CheckoutStatus.Expired), ct);
        }

        var created = await provider.CreateSessionAsync(new CheckoutRequest(user.Id, user.Email, content.Id, content.Title,
            content.PriceCents.Value, EcomSettings.Currency, body.SuccessUrl!, body.CancelUrl!, providerKey), ct);
        var now = clock.GetUtcNow();
        db.CheckoutSessions.Add(new CheckoutSession
        {
            Id = created.Id, UserId = user.Id, ContentId = content.Id, AmountCents = content.PriceCents.Value, Currency = EcomSettings.Currency,
            Status = CheckoutStatus.Open, SessionUrl = created.Url, SuccessUrl = body.SuccessUrl!, CancelUrl = body.CancelUrl!,
            ExpiresAt = created.ExpiresAt ?? now + EcomSettings.SessionLifetime, CreatedAt = now,
        });
        await db.SaveChangesAsync(ct);
        return new CheckoutSessionDto(created.Url, created.Id);
    }

    /// <summary>SHA-256 (hex) of the canonical request: the fields in a fixed order, serialised with the contract's options.</summary>
    public static string RequestHash(CreateCheckoutRequest body) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(
            new CreateCheckoutRequest(body.ContentId, body.SuccessUrl, body.CancelUrl), ContractJson.Options)));

    /// <summary>Stripe's own idempotency key for a client key: scoped to the user, within Stripe's 255 characters.</summary>
    private static string ProviderKey(Guid userId, string key) =>
        "codex-checkout-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{userId:N}:{key}")));

    private static IResult Data(CheckoutSessionDto session) =>
        Results.Json(new DataEnvelope<CheckoutSessionDto>(session), ContractJson.Options);
}
