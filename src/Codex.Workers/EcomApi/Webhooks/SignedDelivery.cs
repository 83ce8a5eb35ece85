using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Stripe;

namespace Codex.Workers.EcomApi.Webhooks;

/// <summary>
/// How the offline test mode plays Stripe: it signs an event with the webhook secret exactly as Stripe does (Stripe.net's
/// own helper) and POSTs it to this worker's <c>/webhooks/stripe</c> over HTTP, so the event takes the very path a real
/// one takes: signature check, event log, processing.
/// </summary>
public sealed class SignedDelivery(EcomSettings settings, IHttpClientFactory httpFactory, IServer server, TimeProvider clock)
{
    /// <summary>The named HttpClient the deliveries use.</summary>
    public const string ClientName = "ecom-self";

    /// <summary>Delivers <paramref name="payload"/>; the webhook's status code (200 when it was processed, or had been).</summary>
    public async Task<int> DeliverAsync(string payload, CancellationToken ct)
    {
        var header = EventUtility.GenerateSignatureHeader(payload, settings.WebhookSecret, clock.GetUtcNow().ToUnixTimeSeconds());
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.SelfUrl(server), EcomRoutes.StripeWebhook))
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(StripeWebhook.SignatureHeader, header);
        using var response = await httpFactory.CreateClient(ClientName).SendAsync(request, ct);
        return (int)response.StatusCode;
    }
}
