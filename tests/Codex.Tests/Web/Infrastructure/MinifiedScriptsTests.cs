using Codex.Web.Infrastructure;

namespace Codex.Tests.Web.Infrastructure;

/// <summary>Our scripts are served minified (ADR 039): each one must parse, so none is silently served as written.</summary>
public sealed class MinifiedScriptsTests
{
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot(), "wwwroot", "js"), "*.js").Order())
            data.Add(Path.GetFileName(file));
        return data;
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Codex.Web.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Codex.Web.sln not found above the test binaries");
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void EveryOwnScript_Minifies_WithoutErrors_AndComesOutSmaller(string name)
    {
        var source = File.ReadAllText(Path.Combine(RepositoryRoot(), "wwwroot", "js", name));

        var minified = MinifiedScripts.MinifyOrNull(source, out var errors);

        Assert.True(minified is not null, $"{name}: {errors}");
        Assert.True(minified.Length < source.Length, $"{name}: {minified.Length} >= {source.Length}");
    }

    [Fact]
    public void OnlyOurScripts_AreMinified_NotTheVendoredOnes()
    {
        Assert.True(MinifiedScripts.IsOwnScript("/js/site.js"));
        Assert.False(MinifiedScripts.IsOwnScript("/lib/htmx/htmx.min.js"));
        Assert.False(MinifiedScripts.IsOwnScript("/css/site.css"));
    }
}
