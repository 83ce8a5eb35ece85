using System.Net.Http.Json;
using Codex.Contracts.Admin;
using Codex.Contracts.Notifications;
using Codex.Workers.Pipeline;

namespace Codex.Workers.AdminApi.Purchases;

/// <summary>
/// The Ecom-API's internal refund route: the Ecom worker owns the payment provider (Stripe, or the offline test
/// provider that answers with a signed webhook), so the Admin-API asks it over HTTP with the internal key, as every
/// worker-to-worker call does. Its refusals come back as the same contract errors; no answer is a 503.
/// </summary>
public sealed class PaymentRefunds(HttpClient http, CodexOptions codex, ILogger<PaymentRefunds> logger)
{
    public async Task RefundAsync(ProviderRefundRequest refund, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, EcomRoutes.ProviderRefund)
        {
            Content = JsonContent.Create(refund, options: ContractJson.Options),
        };
        request.Headers.Add(InternalAuth.Header, codex.InternalKey ?? "");
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            logger.LogError(e, "The Ecom-API could not be reached for a refund of purchase {PurchaseId}", refund.PurchaseId);
            throw Unavailable();
        }
        using (response)
        {
            if (response.IsSuccessStatusCode) return;
            var status = (int)response.StatusCode;
            if (status is >= 400 and < 500 and not 401 and not 403
                && await ReadErrorAsync(response, ct) is { } error)
                throw new ApiException(status, error.Code, error.Message, error.Details);
            logger.LogError("The Ecom-API answered {Status} to a refund of purchase {PurchaseId}", status, refund.PurchaseId);
            throw Unavailable();
        }
    }

    private static async Task<ErrorBody?> ReadErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return (await response.Content.ReadFromJsonAsync<ErrorEnvelope>(ContractJson.Options, ct))?.Error;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static ApiException Unavailable() => new(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ServiceUnavailable,
        "The payment provider could not be reached; nothing was refunded. Try again in a moment.");
}
