using System.Reflection;
using Codex.Contracts;
using Codex.Data;
using Codex.ServiceDefaults;
using Codex.Web;
using Codex.Workers.Pipeline;
using NetArchTest.Rules;

namespace Codex.Tests.Architecture;

/// <summary>
/// Which folder may use which (STYLE.md, "The shape of the solution"): a worker folder uses only the shared pipeline,
/// the service defaults, Contracts, Data and itself; the site never touches a worker or the database; Contracts
/// knows neither ASP.NET nor EF Core.
/// </summary>
public sealed class BoundaryTests
{
    private static readonly Assembly Workers = typeof(WorkerApp).Assembly;
    private static readonly Assembly Site = typeof(SiteApp).Assembly;
    private static readonly Assembly ContractsAssembly = typeof(ErrorCodes).Assembly;
    private static readonly Assembly Defaults = typeof(CodexOptions).Assembly;

    /// <summary>The seed's eight workers, one folder (namespace) each.</summary>
    private static readonly string[] Names = ["Auth", "ContentApi", "OrganizationApi", "EcomApi", "MediaApi", "NotificationsApi", "AdminApi", "IdentityApi"];

    public static TheoryData<string> WorkerFolders() => new(Names);

    private static string Folder(string name) => "Codex.Workers." + name;

    private static void AssertHolds(TestResult result, string rule) =>
        Assert.True(result.IsSuccessful, $"{rule}; broken by: {string.Join(", ", result.FailingTypeNames ?? [])}");

    [Theory]
    [MemberData(nameof(WorkerFolders))]
    public void AWorkerFolder_UsesNoOtherWorkerFolder(string worker)
    {
        var others = Names.Where(w => w != worker).Select(Folder).ToArray();

        var result = Types.InAssembly(Workers).That().ResideInNamespace(Folder(worker)).ShouldNot().HaveDependencyOnAny(others).GetResult();

        AssertHolds(result, $"{worker} must not use {string.Join(", ", others)}");
    }

    [Theory]
    [MemberData(nameof(WorkerFolders))]
    public void AWorkerFolder_UsesNeitherTheSiteNorTheHost(string worker)
    {
        var result = Types.InAssembly(Workers).That().ResideInNamespace(Folder(worker))
            .ShouldNot().HaveDependencyOnAny("Codex.Web", "Codex.Host").GetResult();

        AssertHolds(result, $"{worker} must not use the site or the host");
    }

    [Fact]
    public void ThePipeline_KnowsNoWorkerFolder()
    {
        var folders = Names.Select(Folder).ToArray();

        var result = Types.InAssembly(Workers).That().ResideInNamespace("Codex.Workers.Pipeline").ShouldNot().HaveDependencyOnAny(folders).GetResult();

        AssertHolds(result, "the shared pipeline must not use a worker folder");
    }

    [Fact]
    public void TheSite_NeverTouchesAWorkerOrTheDatabase()
    {
        var result = Types.InAssembly(Site).ShouldNot().HaveDependencyOnAny("Codex.Workers", "Codex.Data", "Microsoft.EntityFrameworkCore").GetResult();

        AssertHolds(result, "the site talks to workers over HTTP only");
        Assert.DoesNotContain(Site.GetReferencedAssemblies(), a => a.Name is "Codex.Workers" or "Codex.Data");
    }

    [Fact]
    public void Contracts_KnowNeitherAspNetNorEfCore()
    {
        var result = Types.InAssembly(ContractsAssembly)
            .ShouldNot().HaveDependencyOnAny("Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "Codex.Data", "Codex.Web", "Codex.Workers")
            .GetResult();

        AssertHolds(result, "Contracts is the wire: records, codes, validators");
        Assert.DoesNotContain(ContractsAssembly.GetReferencedAssemblies(),
            a => a.Name!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || a.Name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
    }

    [Fact]
    public void TheServiceDefaults_KnowNoAppAndNoDatabase()
    {
        var result = Types.InAssembly(Defaults)
            .ShouldNot().HaveDependencyOnAny("Codex.Web", "Codex.Workers", "Codex.Data", "Codex.Host", "Microsoft.EntityFrameworkCore").GetResult();

        AssertHolds(result, "the service defaults are shared by the site and every worker");
    }

    [Fact]
    public void TheDataModel_KnowsNoApp()
    {
        var result = Types.InAssembly(typeof(CodexDbContext).Assembly)
            .ShouldNot().HaveDependencyOnAny("Codex.Web", "Codex.Workers", "Codex.Host", "Microsoft.AspNetCore").GetResult();

        AssertHolds(result, "the data model is used by workers, not the other way round");
    }
}
