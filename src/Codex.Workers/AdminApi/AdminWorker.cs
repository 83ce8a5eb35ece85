using Codex.Workers.AdminApi.Audit;
using Codex.Workers.AdminApi.Content;
using Codex.Workers.AdminApi.Organizations;
using Codex.Workers.AdminApi.Purchases;
using Codex.Workers.AdminApi.Stats;
using Codex.Workers.AdminApi.Users;

namespace Codex.Workers.AdminApi;

/// <summary>
/// Admin-API: platform administration, and the routes an organization's owners and admins share with platform admins
/// (its sales, customers, complimentary access and refunds). Every state change is written to the audit log. The
/// platform-only routes (users, organizations, content, the audit log) arrive with the admin issue, in folders beside
/// these.
/// </summary>
public static class AdminWorker
{
    public static void AddServices(IServiceCollection services, IConfiguration config)
    {
        services.AddScoped<AdminAccess>();
        services.AddSingleton<GrantThrottle>();
        services.AddHttpClient<PaymentRefunds>((sp, http) =>
        {
            http.BaseAddress = sp.GetRequiredService<CodexOptions>().WorkerBase(Role.EcomApi);
            // A refund waits for the provider and, offline, for the webhook it sends itself.
            http.Timeout = TimeSpan.FromSeconds(30);
        });
    }

    public static void Map(WebApplication app)
    {
        app.MapGet(AdminRoutes.OrganizationAnalytics, OrganizationAnalytics.HandleAsync);
        app.MapGet(AdminRoutes.OrganizationCustomers, OrganizationCustomers.HandleAsync);
        app.MapPost(AdminRoutes.OrganizationGrants, GrantAccess.HandleAsync);
        app.MapGet(AdminRoutes.Purchase, GetPurchase.HandleAsync);
        app.MapPost(AdminRoutes.PurchaseRefund, RefundPurchase.HandleAsync);

        // What the platform admin sees: figures, content moderation, every purchase (ADR 029).
        app.MapGet(AdminRoutes.Stats, PlatformStats.HandleAsync);
        app.MapGet(AdminRoutes.Content, AdminContent.ListAsync);
        app.MapPost(AdminRoutes.ContentUnpublish, AdminContent.UnpublishAsync);
        app.MapGet(AdminRoutes.Purchases, ListPurchases.HandleAsync);

        // Platform admins act on people and organizations (ADR 028).
        app.MapGet(AdminRoutes.Users, ListUsers.HandleAsync);
        app.MapGet(AdminRoutes.User, GetUser.HandleAsync);
        app.MapPatch(AdminRoutes.User, UpdateUser.HandleAsync);
        app.MapGet(AdminRoutes.Organizations, PlatformOrganizations.ListAsync);
        app.MapGet(AdminRoutes.Organization, PlatformOrganizations.GetAsync);
        app.MapPatch(AdminRoutes.Organization, SuspendOrganization.HandleAsync);
        app.MapGet(AdminRoutes.Audit, ListAudit.HandleAsync);
    }
}
