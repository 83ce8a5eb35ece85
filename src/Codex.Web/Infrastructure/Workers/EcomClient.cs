using Codex.Contracts.Ecom;
using Flurl.Http;

namespace Codex.Web.Infrastructure.Workers;

/// <summary>The Ecom-API worker, as the site uses it.</summary>
public sealed class EcomClient(HttpClient http) : WorkerClient(http, Role.EcomApi)
{
    /// <summary>
    /// <c>POST /checkout/create</c> with an <c>Idempotency-Key</c>: the form carries one key per render, so a double
    /// click or a retry (the form budget retries it, since the worker returns the first result) makes one session.
    /// </summary>
    public Task<CheckoutSessionDto> CreateCheckoutAsync(CreateCheckoutRequest request, string idempotencyKey, CancellationToken ct) =>
        CallAsync(async token => (await Request(CallBudget.Form, EcomRoutes.CreateCheckout)
            .WithHeader(Idempotency.Header, idempotencyKey)
            .PostJsonAsync(request, cancellationToken: token)
            .ReceiveJson<DataEnvelope<CheckoutSessionDto>>()).Data, ct);

    /// <summary><c>GET /checkout/verify</c>; null when the session is not the caller's.</summary>
    public async Task<CheckoutVerifyDto?> VerifyAsync(string sessionId, CancellationToken ct) =>
        (await GetOrNullAsync<DataEnvelope<CheckoutVerifyDto>>(
            Request(CallBudget.Read, EcomRoutes.VerifyCheckout).SetQueryParam("session_id", sessionId), ct))?.Data;

    /// <summary><c>GET /purchases/{id}</c>: one of the caller's purchases as a receipt; null when it is not theirs (or not there).</summary>
    public async Task<PurchaseReceiptDto?> PurchaseAsync(Guid id, CancellationToken ct) =>
        (await GetOrNullAsync<DataEnvelope<PurchaseReceiptDto>>(Request(CallBudget.Read, EcomRoutes.Purchase, id), ct))?.Data;

    public Task<PagedList<PurchaseDto>> PurchasesAsync(int page, int limit, CancellationToken ct) =>
        GetAsync<PagedList<PurchaseDto>>(Request(CallBudget.Read, EcomRoutes.Purchases).SetQueryParams(new { page, limit }), ct);
}
