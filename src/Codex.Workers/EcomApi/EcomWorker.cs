using Codex.Workers.NotificationsApi;
using Codex.Workers.Auth;
using Codex.Workers.EcomApi.Checkout;
using Codex.Workers.EcomApi.Fulfilment;
using Codex.Workers.EcomApi.Providers;
using Codex.Workers.EcomApi.Purchases;
using Codex.Workers.EcomApi.Webhooks;

namespace Codex.Workers.EcomApi;

/// <summary>
/// Ecom-API: checkout sessions, Stripe webhooks, fulfilment and purchase history. Stripe Checkout when
/// <c>Stripe:SecretKey</c> is set; otherwise its own offline test checkout that pays through the same signed webhook.
/// </summary>
public static class EcomWorker
{
    public static void AddServices(IServiceCollection services, IConfiguration config)
    {
        var settings = new EcomSettings(config);
        services.AddSingleton(settings);
        services.AddScoped<PurchaseFulfilment>();
        services.AddHttpClient<NotificationsClient>(http =>
        {
            http.BaseAddress = NotificationsClient.BaseAddress(config);
            http.Timeout = TimeSpan.FromSeconds(20);
        });
        services.AddHttpClient(TestCheckout.SelfClientName, http => http.Timeout = TimeSpan.FromSeconds(30));
        if (settings.StripeMode)
        {
            // Stripe.net retries with its own idempotency key; the HttpClient only bounds each attempt.
            services.AddHttpClient(StripeCheckoutProvider.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30));
            services.AddScoped<ICheckoutProvider, StripeCheckoutProvider>();
        }
        else
        {
            services.AddSingleton<ICheckoutProvider, TestCheckoutProvider>();
        }
    }

    public static void Map(WebApplication app)
    {
        app.MapPost("/checkout/create", CreateCheckout.HandleAsync);
        app.MapGet("/checkout/verify", VerifyCheckout.HandleAsync);
        app.MapPost("/webhooks/stripe", StripeWebhook.HandleAsync);
        app.MapGet("/purchases", ListPurchases.HandleAsync);
        // The offline test checkout, at the paths the site forwards unchanged.
        app.MapGet("/checkout/test/{id}", TestCheckout.PageAsync);
        app.MapPost("/checkout/test/{id}/pay", TestCheckout.PayAsync);
        app.MapPost("/checkout/test/{id}/cancel", TestCheckout.CancelAsync);
    }
}
