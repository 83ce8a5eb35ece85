namespace Codex.Workers.AdminApi;

/// <summary>Admin-API (platform administration): its routes arrive with the admin issue.</summary>
public static class AdminWorker
{
    public static void AddServices(IServiceCollection services, IConfiguration config)
    {
    }

    public static void Map(WebApplication app)
    {
    }
}
