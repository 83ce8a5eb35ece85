using Codex.Workers.EcomApi.Checkout;
using Codex.Workers.EcomApi.Fulfilment;
using Codex.Workers.EcomApi.Providers;
using Codex.Workers.EcomApi.Purchases;
using Codex.Workers.EcomApi.Refunds;
using Codex.Workers.EcomApi.Sweeps;
using Codex.Workers.EcomApi.Webhooks;
using Codex.Workers.Pipeline;

namespace Codex.Workers.EcomApi;

/// <summary>
/// Ecom-API: checkout sessions, Stripe webhooks, fulfilment and purchase history. Stripe Checkout when
/// <c>Stripe:SecretKey</c> is set; otherwise its own offline test checkout that pays through the same signed webhook.
/// </summary>
public static class EcomWorker
{
    public static void AddServices(IServiceCollection services, IConfiguration config)
    {
        var settings = new EcomSettings(config, config.GetCodexOptions());
        services.AddSingleton(settings);
        services.AddScoped<PurchaseFulfilment>();
        services.AddWorkerJobs(config, Role.EcomApi, (q, jobs) => q.Every<EcomSweepJob>("sweep-ecom", jobs.SweepInterval));
        services.AddHttpClient(SignedDelivery.ClientName, http => http.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<SignedDelivery>();
        if (settings.StripeMode)
        {
            // Stripe.net retries with its own idempotency key; the HttpClient only bounds each attempt.
            services.AddHttpClient(StripeCheckoutProvider.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30));
            services.AddScoped<ICheckoutProvider, StripeCheckoutProvider>();
        }
        else
        {
            services.AddScoped<ICheckoutProvider, TestCheckoutProvider>();
        }
    }

    public static void Map(WebApplication app)
    {
        app.MapPost(EcomRoutes.CreateCheckout, CreateCheckout.HandleAsync);
        app.MapGet(EcomRoutes.VerifyCheckout, VerifyCheckout.HandleAsync);
        app.MapPost(EcomRoutes.StripeWebhook, StripeWebhook.HandleAsync);
        app.MapGet(EcomRoutes.Purchases, ListPurchases.HandleAsync);
        app.MapGet(EcomRoutes.Purchase, GetPurchase.HandleAsync);
        app.MapPost(EcomRoutes.ProviderRefund, ProviderRefunds.HandleAsync).RequireInternalKey();
        // The offline test checkout, at the paths the site forwards unchanged.
        app.MapGet(EcomRoutes.TestCheckoutPage, TestCheckout.PageAsync);
        app.MapPost(EcomRoutes.TestCheckoutPay, TestCheckout.PayAsync);
        app.MapPost(EcomRoutes.TestCheckoutCancel, TestCheckout.CancelAsync);
    }
}
