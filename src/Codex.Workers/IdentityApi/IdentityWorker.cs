namespace Codex.Workers.IdentityApi;

/// <summary>Identity-API: a placeholder in the seed that only answers /health and /health/ready.</summary>
public static class IdentityWorker
{
    public static void AddServices(IServiceCollection services, IConfiguration config)
    {
    }

    public static void Map(WebApplication app)
    {
    }
}
