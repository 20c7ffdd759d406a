namespace Outlay.Expenses.Categories;

/// <summary>
/// The predefined categories every user has (seed 000's list plus the claim categories of seed 004). Their ids
/// and keys never change: the initial migration inserts exactly these rows, and clients may rely on the keys.
/// </summary>
public static class SystemCategories
{
    public static readonly IReadOnlyList<(Guid Id, string Key, string Name)> All =
    [
        (Id(1), "food", "Food"),
        (Id(2), "transportation", "Transportation"),
        (Id(3), "entertainment", "Entertainment"),
        (Id(4), "housing", "Housing"),
        (Id(5), "utilities", "Utilities"),
        (Id(6), "health", "Health"),
        (Id(7), "office_supplies", "Office supplies"),
        (Id(8), "travel", "Travel"),
        (Id(9), "training", "Training"),
        (Id(10), "other", "Other"),
    ];

    public static Guid Other => Id(10);

    public static bool IsSystemName(string normalizedName) =>
        All.Any(c => Category.Normalize(c.Name) == normalizedName);

    private static Guid Id(int number) => new($"00000000-0000-4000-8000-{number:D12}");
}
