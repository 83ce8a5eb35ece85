namespace Codex.Workers.OrganizationApi;

/// <summary>Organization-API (organizations, settings, members): its routes arrive with issue 4.</summary>
public static class OrganizationWorker
{
    public static void AddServices(IServiceCollection services, IConfiguration config)
    {
    }

    public static void Map(WebApplication app)
    {
    }
}
