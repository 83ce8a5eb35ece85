namespace Codex.Workers.EcomApi;

/// <summary>Ecom-API (checkout, webhooks, purchases): its routes arrive with issue 5.</summary>
public static class EcomWorker
{
    public static void AddServices(IServiceCollection services, IConfiguration config)
    {
    }

    public static void Map(WebApplication app)
    {
    }
}
