//! Pagination of lists: 1-based pages of a bounded size.

pub const MAX_PAGE_SIZE: u32 = 100;
pub const DEFAULT_PAGE_SIZE: u32 = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    number: u32,
    size: u32,
}

impl Page {
    /// Clamps to a sane window instead of refusing: page 0 is page 1, a size above the
    /// maximum is the maximum.
    pub fn new(number: u32, size: u32) -> Self {
        Self {
            number: number.max(1),
            size: size.clamp(1, MAX_PAGE_SIZE),
        }
    }

    pub fn number(self) -> u32 {
        self.number
    }

    pub fn size(self) -> u32 {
        self.size
    }

    pub fn offset(self) -> u64 {
        u64::from(self.number - 1) * u64::from(self.size)
    }
}

impl Default for Page {
    fn default() -> Self {
        Self::new(1, DEFAULT_PAGE_SIZE)
    }
}

/// One page of items and the total count over all pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub page: Page,
    pub total: u64,
}

impl<T> Paged<T> {
    pub fn pages(&self) -> u64 {
        self.total.div_ceil(u64::from(self.page.size()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_clamped_and_counted() {
        let page = Page::new(0, 1000);
        assert_eq!((page.number(), page.size(), page.offset()), (1, 100, 0));
        assert_eq!(Page::new(3, 20).offset(), 40);
        let paged = Paged::<u8> {
            items: vec![],
            page: Page::new(1, 20),
            total: 41,
        };
        assert_eq!(paged.pages(), 3);
    }
}
